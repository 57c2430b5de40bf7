import type { Contest, LiveActivity } from '@arena/contracts';
import { AnimatePresence, motion, useReducedMotion } from 'framer-motion';
import { motionTokens } from '../../../shared/ui/motion-tokens';
import { activityText } from './activity-text';
import { InitialsAvatar } from './initials-avatar';
import styles from './tv.module.css';

const TICKER_ROWS = 7;

type TvTickerScreenProps = { contest: Contest; activities: readonly LiveActivity[] };

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** The contest's latest activities, newest on top, sliding in as they are logged. */
export function TvTickerScreen({ contest, activities }: TvTickerScreenProps) {
  const reduceMotion = useReducedMotion();
  const mine = activities
    .filter((activity) => activity.contestIds.includes(contest.id))
    .slice(0, TICKER_ROWS);
  return (
    <section className={styles.screen} aria-label={`${contest.name} activity`}>
      <h1 className={styles.title}>
        <span className={styles.titleName}>{contest.name}</span>
        <span className={styles.subtitle}>Just logged</span>
      </h1>
      {mine.length === 0 ? (
        <p className={styles.placeholder}>Waiting for the next activity…</p>
      ) : (
        <ul className={styles.feed} aria-label="Recent activity">
          <AnimatePresence initial={false}>
            {mine.map((activity) => (
              <motion.li
                key={activity.id}
                layout={reduceMotion ? false : 'position'}
                initial={reduceMotion ? false : { opacity: 0, x: -40 }}
                animate={{ opacity: 1, x: 0 }}
                exit={{ opacity: 0 }}
                transition={{
                  duration: motionTokens.duration.slow,
                  ease: motionTokens.easing.enter,
                }}
                className={styles.feedRow}
              >
                <InitialsAvatar name={activity.userName} />
                <span className={styles.name}>{activityText(activity)}</span>
                <span className={styles.feedTime}>
                  {timeFormat.format(new Date(activity.occurredAt))}
                </span>
              </motion.li>
            ))}
          </AnimatePresence>
        </ul>
      )}
    </section>
  );
}
