import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/hooks/use-auth';
import { useSignedInUser } from '../../auth/hooks/use-signed-in-user';
import { ArenaLogo } from '../../../shared/ui/arena-logo';
import { Button } from '../../../shared/ui/button';
import { roleLabel } from '../../../shared/ui/role-label';
import styles from './app-header.module.css';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters.map((part) => part[0].toUpperCase()).join('') || '?';
}

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
        <div className={styles.user} title={`${user.name} (${roleLabel(user.role)})`}>
          <span className={styles.avatar} aria-hidden="true">
            {initials(user.name)}
          </span>
          <span className={styles.who}>
            <span className={styles.name}>{user.name}</span>
            <span className={styles.role}>{roleLabel(user.role)}</span>
          </span>
        </div>
        <Button variant="secondary" size="small" onClick={signOut}>
          Sign out
        </Button>
        <Button
          variant="ghost"
          size="small"
          onClick={signOutEverywhere}
          title="Ends your sessions on every device, e.g. after losing a phone"
        >
          Sign out everywhere
        </Button>
      </div>
    </header>
  );
}
