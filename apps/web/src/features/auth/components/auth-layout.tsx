import { Outlet, useLocation } from 'react-router-dom';
import { ArenaLogo } from '../../../shared/ui/arena-logo';
import { PageTransition } from '../../../shared/ui/page-transition';
import styles from './auth-layout.module.css';

/** The frame of the sign-in and sign-up pages: the pitch on wide screens, the form everywhere. */
export function AuthLayout() {
  const { pathname } = useLocation();
  return (
    <div className={styles.layout}>
      <aside className={styles.brand} aria-label="About Arena">
        <ArenaLogo />
        <div>
          <p className={styles.tagline}>Sales contests scored on activities, not just results.</p>
          <ul className={styles.points}>
            <li>
              <strong>Score the work that wins deals</strong>
              <span>Calls, meetings, demos and referrals count next to revenue.</span>
            </li>
            <li>
              <strong>Live leaderboards everywhere</strong>
              <span>On every laptop, every phone and the TV on the sales floor.</span>
            </li>
            <li>
              <strong>Recognition that lands</strong>
              <span>Celebrate wins the moment they happen.</span>
            </li>
          </ul>
        </div>
        <p className={styles.footnote}>Self-hosted and open source.</p>
      </aside>
      <main className={styles.content}>
        <ArenaLogo className={styles.mobileLogo} />
        <PageTransition key={pathname} className={styles.card}>
          <Outlet />
        </PageTransition>
      </main>
    </div>
  );
}
