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
        <span className={styles.stripTrack} key={items[0].id}>
          {items.map((activity) => (
            <span key={activity.id} className={styles.stripItem}>
              {activityText(activity)}
            </span>
          ))}
        </span>
      )}
    </div>
  );
}
