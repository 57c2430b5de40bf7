import { useNow } from '../hooks/use-now';
import { offlineBadgeText, type OfflineSince } from '../model/offline-badge';
import styles from './tv.module.css';

type TvCornerProps = { orgName: string; displayName: string; offlineSince: OfflineSince };

const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** Org, display and clock in the top corner; a small badge while the server is out of reach. */
export function TvCorner({ orgName, displayName, offlineSince }: TvCornerProps) {
  const now = useNow(10_000);
  const offline = offlineBadgeText(offlineSince);
  return (
    <>
      <div className={styles.corner}>
        <span className={styles.cornerOrg}>{orgName}</span>
        <span className={styles.cornerDisplay}>{displayName}</span>
        <time className={styles.clock}>{clockFormat.format(now)}</time>
      </div>
      {offline ? (
        <div className={styles.offline} role="status">
          {offline}
        </div>
      ) : null}
    </>
  );
}
