import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/hooks/use-auth';
import { useSignedInUser } from '../../auth/hooks/use-signed-in-user';
import { ArenaLogo } from '../../../shared/ui/arena-logo';
import { Button } from '../../../shared/ui/button';
import { AccountMenu } from './account-menu';
import styles from './app-header.module.css';

export function AppHeader() {
  const { user, org } = useSignedInUser();
  const { signOut, signOutEverywhere } = useAuth();
  return (
    <header className={styles.header}>
      <div className={styles.identity}>
        <Link to="/" className={styles.home} aria-label="Arena home">
          <ArenaLogo compactOnNarrow />
        </Link>
        <span className={styles.org}>{org.name}</span>
      </div>
      <div className={styles.account}>
        <AccountMenu name={user.name} role={user.role} onSignOutEverywhere={signOutEverywhere} />
        <Button variant="secondary" size="small" onClick={signOut}>
          Sign out
        </Button>
      </div>
    </header>
  );
}
