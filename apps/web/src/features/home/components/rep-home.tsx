import { useActivityTypes } from '../../activities/hooks/use-activity-types';
import { useContests } from '../../contests/hooks/use-contests';
import { MyContestCard } from './my-contest-card';
import styles from './rep-home.module.css';

type RepHomeProps = {
  userId: string;
  /** The rep's team: their place in team contests is the team's. */
  teamId: string | null;
};

/** The rep's phone screen: every live contest they are in, with the log buttons at hand. */
export function RepHome({ userId, teamId }: RepHomeProps) {
  const contests = useContests();
  const types = useActivityTypes();
  const labels = new Map((types.data ?? []).map((type) => [type.key, type.label]));
  const typeLabel = (key: string) => labels.get(key) ?? key;
  // The server lists a rep's own contests; in a team contest they stand as their team.
  const live = (contests.data ?? []).filter(
    (contest) => contest.status === 'live' && (contest.mode === 'individual' || teamId !== null),
  );

  return (
    <section className={styles.home} aria-label="My live contests">
      {contests.isPending ? <p>Loading your contests…</p> : null}
      {contests.error ? <p role="alert">{contests.error.message}</p> : null}
      {contests.data && live.length === 0 ? (
        <p className={styles.muted}>You are in no live contest right now.</p>
      ) : null}
      {live.map((contest) => (
        <MyContestCard
          key={contest.id}
          contest={contest}
          participantId={contest.mode === 'team' ? (teamId as string) : userId}
          typeLabel={typeLabel}
        />
      ))}
    </section>
  );
}
