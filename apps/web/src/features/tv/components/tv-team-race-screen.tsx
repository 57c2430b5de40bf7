import type { Contest, Leaderboard } from '@arena/contracts';
import { motion, useReducedMotion } from 'framer-motion';
import { motionTokens } from '../../../shared/ui/motion-tokens';
import { InitialsAvatar } from './initials-avatar';
import styles from './tv.module.css';

const RACE_LANES = 6;
const numberFormat = new Intl.NumberFormat();

type TvTeamRaceScreenProps = { contest: Contest; board: Leaderboard | undefined };

/** Teams (or reps, in an individual contest) as bars racing towards the goal or the leader. */
export function TvTeamRaceScreen({ contest, board }: TvTeamRaceScreenProps) {
  const reduceMotion = useReducedMotion();
  const entries = board?.entries.slice(0, RACE_LANES) ?? [];
  const finish = Math.max(contest.goalPoints ?? 0, ...entries.map((entry) => entry.points), 1);
  return (
    <section className={styles.screen} aria-label={`${contest.name} race`}>
      <h1 className={styles.title}>
        <span className={styles.titleName}>{contest.name}</span>
        <span className={styles.subtitle}>
          {contest.mode === 'team' ? 'Team race' : 'The race'}
          {contest.goalPoints ? ` to ${numberFormat.format(contest.goalPoints)} pts` : ''}
        </span>
      </h1>
      {entries.length === 0 ? (
        <p className={styles.placeholder}>{board ? 'No scores yet.' : 'Loading the race…'}</p>
      ) : (
        <ol className={styles.race} aria-label="Race">
          {entries.map((entry) => (
            <motion.li
              key={entry.participant.id}
              layout={reduceMotion ? false : 'position'}
              className={styles.lane}
              data-participant={entry.participant.id}
            >
              <span className={styles.laneLabel}>
                <InitialsAvatar name={entry.participant.name} />
                <span className={styles.name}>{entry.participant.name}</span>
              </span>
              <span className={styles.track}>
                <motion.span
                  className={styles.bar}
                  initial={false}
                  animate={{ width: `${Math.max(2, (entry.points / finish) * 100)}%` }}
                  transition={
                    reduceMotion
                      ? { duration: 0 }
                      : {
                          duration: motionTokens.duration.slow * 2,
                          ease: motionTokens.easing.standard,
                        }
                  }
                />
                <span className={styles.barPoints}>{numberFormat.format(entry.points)}</span>
              </span>
            </motion.li>
          ))}
        </ol>
      )}
    </section>
  );
}
