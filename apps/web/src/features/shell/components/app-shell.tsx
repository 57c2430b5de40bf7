import { Outlet, useLocation } from 'react-router-dom';
import { PageTransition } from '../../../shared/ui/page-transition';
import { CelebrationToast } from '../../recognition/components/celebration-toast';
import styles from './app-shell.module.css';
import { AppHeader } from './app-header';
import { MainNav } from './main-nav';

/** The signed-in frame: header and navigation on top, the current page below. */
export function AppShell() {
  const { pathname } = useLocation();
  return (
    <>
      <a className={styles.skipLink} href="#main">
        Skip to content
      </a>
      <div className={styles.top}>
        <div className={styles.inner}>
          <AppHeader />
          <MainNav />
        </div>
      </div>
      <CelebrationToast />
      <main id="main" className={styles.main} tabIndex={-1}>
        <PageTransition key={pathname}>
          <Outlet />
        </PageTransition>
      </main>
    </>
  );
}
