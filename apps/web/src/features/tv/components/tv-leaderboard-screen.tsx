import type { Contest, Leaderboard } from '@arena/contracts';
import { LayoutGroup, motion, useReducedMotion } from 'framer-motion';
import { motionTokens } from '../../../shared/ui/motion-tokens';
import { InitialsAvatar } from './initials-avatar';
import styles from './tv.module.css';

/** Rows are sized in viewport units, so the same number fits a 1080p and a 4K screen. */
export const TV_BOARD_ROWS = 8;

type TvLeaderboardScreenProps = { contest: Contest; board: Leaderboard | undefined };

const numberFormat = new Intl.NumberFormat();

export function TvLeaderboardScreen({ contest, board }: TvLeaderboardScreenProps) {
  const reduceMotion = useReducedMotion();
  const entries = board?.entries.slice(0, TV_BOARD_ROWS) ?? [];
  const more = (board?.total ?? 0) - entries.length;
  return (
    <section className={styles.screen} aria-label={`${contest.name} leaderboard`}>
      <h1 className={styles.title}>
        <span className={styles.titleName}>{contest.name}</span>
      </h1>
      {!board ? (
        <p className={styles.placeholder}>Loading the board…</p>
      ) : entries.length === 0 ? (
        <p className={styles.placeholder}>No scores yet — the first activity takes the lead.</p>
      ) : (
        <LayoutGroup>
          <ol className={styles.board} aria-label="Participants by rank">
            {entries.map((entry) => (
              <motion.li
                key={entry.participant.id}
                layout={reduceMotion ? false : 'position'}
                transition={{
                  layout: {
                    duration: motionTokens.duration.slow * 2,
                    ease: motionTokens.easing.standard,
                  },
                }}
                className={`${styles.boardRow} ${entry.rank === 1 ? styles.leader : ''}`}
                data-participant={entry.participant.id}
                data-rank={entry.rank}
              >
                <span className={styles.rank}>{entry.rank}</span>
                <InitialsAvatar name={entry.participant.name} />
                <span className={styles.name}>
                  {entry.participant.name}
                  {entry.goalReached ? <span className={styles.goal}> ★ goal</span> : null}
                </span>
                <span className={styles.points}>
                  {numberFormat.format(entry.points)}
                  <span className={styles.unit}> pts</span>
                </span>
              </motion.li>
            ))}
          </ol>
          {more > 0 ? <p className={styles.more}>and {more} more</p> : null}
        </LayoutGroup>
      )}
    </section>
  );
}
