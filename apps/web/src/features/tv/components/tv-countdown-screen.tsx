import type { Contest, Leaderboard } from '@arena/contracts';
import { useNow } from '../hooks/use-now';
import { countdownParts } from '../model/countdown';
import { InitialsAvatar } from './initials-avatar';
import styles from './tv.module.css';

type TvCountdownScreenProps = { contest: Contest; board: Leaderboard | undefined };

const pad = (value: number) => String(value).padStart(2, '0');

/** Days, hours, minutes and seconds to the contest's end (or start), and who leads now. */
export function TvCountdownScreen({ contest, board }: TvCountdownScreenProps) {
  const now = useNow(1000);
  const parts = countdownParts(now, contest.startsAt, contest.endsAt);
  const leader = board?.entries[0];
  const label =
    parts.phase === 'until_start' ? 'Starts in' : parts.phase === 'until_end' ? 'Ends in' : 'Ended';
  const units: Array<[string, string]> = [
    ['days', String(parts.days)],
    ['hours', pad(parts.hours)],
    ['minutes', pad(parts.minutes)],
    ['seconds', pad(parts.seconds)],
  ];
  return (
    <section className={styles.screen} aria-label={`${contest.name} countdown`}>
      <h1 className={styles.title}>
        <span className={styles.titleName}>{contest.name}</span>
        <span className={styles.subtitle}>{label}</span>
      </h1>
      {parts.phase === 'ended' ? (
        <p className={styles.countdownEnded}>That’s a wrap!</p>
      ) : (
        <div className={styles.countdown} role="timer" aria-label={label}>
          {units.map(([unit, value]) => (
            <span key={unit} className={styles.countdownUnit}>
              <span className={styles.countdownValue}>{value}</span>
              <span className={styles.countdownLabel}>{unit}</span>
            </span>
          ))}
        </div>
      )}
      {leader ? (
        <p className={styles.countdownLeader}>
          <InitialsAvatar name={leader.participant.name} />
          {parts.phase === 'ended' ? 'Winner' : 'Leading'}: {leader.participant.name}
        </p>
      ) : null}
    </section>
  );
}
