import type { LiveActivity } from '@arena/contracts';
import { activityText } from './activity-text';
import styles from './tv.module.css';

const STRIP_ITEMS = 12;

type TvTickerStripProps = { activities: readonly LiveActivity[] };

/** A thin line of the latest activities along the bottom of every screen. */
export function TvTickerStrip({ activities }: TvTickerStripProps) {
  const items = activities.slice(0, STRIP_ITEMS);
  return (
    <div className={styles.strip} aria-label="Latest activity" role="marquee">
      {items.length === 0 ? (
        <span className={styles.stripIdle}>Live · waiting for the next activity</span>
      ) : (
        // Twice over, so the loop is seamless; the animation never restarts as items change.
        <span className={styles.stripTrack}>
          {[0, 1].map((copy) => (
            <span key={copy} className={styles.stripCopy} aria-hidden={copy === 1}>
              {items.map((activity) => (
                <span key={activity.id} className={styles.stripItem}>
                  {activityText(activity)}
                </span>
              ))}
            </span>
          ))}
        </span>
      )}
    </div>
  );
}
