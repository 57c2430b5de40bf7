import type { LiveStatus } from '../hooks/use-live-leaderboard';
import styles from './leaderboard-page.module.css';

const text: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Updating live',
  reconnecting: 'Reconnecting…',
};

/** Whether the board is following the server, announced politely when it changes. */
export function LiveStatusIndicator({ status }: { status: LiveStatus }) {
  return (
    <span className={`${styles.status} ${styles[status]}`} role="status" aria-live="polite">
      <span className={styles.dot} aria-hidden="true" />
      {text[status]}
    </span>
  );
}
