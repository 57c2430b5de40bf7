import type { LeaderboardEntry } from '@arena/contracts';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { LayoutGroup, motion, useReducedMotion, type Transition } from 'framer-motion';
import { AnimatedNumber } from '../../../shared/ui/animated-number';
import { motionTokens } from '../../../shared/ui/motion-tokens';
import { ProgressBar } from '../../../shared/ui/progress-bar';
import type { Movements } from '../hooks/live-board';
import { MovementArrow } from './movement-arrow';
import styles from './leaderboard-table.module.css';

type LeaderboardTableProps = {
  entries: readonly LeaderboardEntry[];
  movements?: Movements;
  goalPoints?: number | null;
  /** The signed-in rep's row (or team's), highlighted. */
  highlightId?: string;
  caption: string;
  /** Something to do with a row (award, kudos), shown at its end. */
  rowAction?: (entry: LeaderboardEntry) => ReactNode;
};

/** Rows glide to their new place when ranks change. */
export const rowLayoutTransition: Transition = {
  layout: { duration: motionTokens.duration.slow * 2, ease: motionTokens.easing.standard },
};

export function LeaderboardTable({
  entries,
  movements = {},
  goalPoints,
  highlightId,
  caption,
  rowAction,
}: LeaderboardTableProps) {
  const reduceMotion = useReducedMotion();
  if (entries.length === 0) {
    return <p className={styles.empty}>No participants yet.</p>;
  }
  return (
    <LayoutGroup>
      <ol className={styles.list} aria-label={caption}>
        {entries.map((entry) => {
          const id = entry.participant.id;
          const movement = movements[id];
          const mine = id === highlightId;
          return (
            <motion.li
              key={id}
              layout={reduceMotion ? false : 'position'}
              transition={rowLayoutTransition}
              className={[
                styles.row,
                rowAction ? styles.withAction : undefined,
                mine ? styles.mine : undefined,
              ]
                .filter(Boolean)
                .join(' ')}
              data-participant={id}
              data-rank={entry.rank}
            >
              <span className={styles.rank} aria-label={`Rank ${entry.rank}`}>
                {entry.rank}
              </span>
              <span className={styles.movement}>
                <MovementArrow movement={movement} />
              </span>
              <span className={styles.name}>
                {entry.participant.kind === 'user' ? (
                  <Link
                    to={`/recognition/people/${id}`}
                    className={styles.nameLink}
                    title={`${entry.participant.name}’s trophy case`}
                  >
                    {entry.participant.name}
                  </Link>
                ) : (
                  entry.participant.name
                )}
                {mine ? <span className={styles.you}> (you)</span> : null}
                {goalPoints ? (
                  <ProgressBar
                    fraction={entry.points / goalPoints}
                    done={entry.goalReached}
                    label={`${entry.participant.name}: goal progress`}
                  />
                ) : null}
              </span>
              <span className={styles.points}>
                <AnimatedNumber value={entry.points} />
                <span className={styles.unit}> pts</span>
              </span>
              {rowAction ? <span className={styles.action}>{rowAction(entry)}</span> : null}
            </motion.li>
          );
        })}
      </ol>
    </LayoutGroup>
  );
}
