import { Link } from 'react-router-dom';
import { ContestStatusBadge } from '../../contests/components/contest-status-badge';
import { useContests } from '../../contests/hooks/use-contests';
import styles from './leaderboard-page.module.css';

/** Every contest with a board worth watching: live first, then scheduled, then ended. */
export function LeaderboardsPage() {
  const contests = useContests();
  const order = ['live', 'scheduled', 'ended'] as const;
  const visible = (contests.data ?? [])
    .filter((contest) => (order as readonly string[]).includes(contest.status))
    .sort((a, b) => order.indexOf(a.status as never) - order.indexOf(b.status as never));
  return (
    <section className={styles.page} aria-labelledby="leaderboards-title">
      <title>Leaderboards · Arena</title>
      <h1 id="leaderboards-title">Leaderboards</h1>
      {contests.isPending ? <p>Loading contests…</p> : null}
      {contests.error ? <p role="alert">{contests.error.message}</p> : null}
      {contests.data && visible.length === 0 ? (
        <p className={styles.muted}>No published contests yet.</p>
      ) : null}
      <ul className={styles.cards}>
        {visible.map((contest) => (
          <li key={contest.id}>
            <Link to={`/leaderboards/${contest.id}`} className={styles.card}>
              <span className={styles.cardName}>{contest.name}</span>
              <ContestStatusBadge status={contest.status} />
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
