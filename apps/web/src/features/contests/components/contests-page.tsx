import { CONTEST_STATUSES, type Contest, type ContestStatus } from '@arena/contracts';
import { Link } from 'react-router-dom';
import { useContests } from '../hooks/use-contests';
import { ContestStatusBadge } from './contest-status-badge';
import styles from './contests-page.module.css';

const headings: Record<ContestStatus, string> = {
  live: 'Live now',
  scheduled: 'Scheduled',
  draft: 'Drafts',
  ended: 'Ended',
  archived: 'Archived',
};

const ORDER: ContestStatus[] = ['live', 'scheduled', 'draft', 'ended', 'archived'];

/** The manager's contests, grouped by where they are in their life. */
export function ContestsPage() {
  const contests = useContests();
  const byStatus = new Map<ContestStatus, Contest[]>(CONTEST_STATUSES.map((s) => [s, []]));
  for (const contest of contests.data ?? []) byStatus.get(contest.status)?.push(contest);
  const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

  return (
    <section className={styles.page} aria-labelledby="contests-title">
      <title>Contests · Arena</title>
      <header className={styles.header}>
        <h1 id="contests-title">Contests</h1>
        <Link to="/contests/new" className={styles.newButton}>
          Design a contest
        </Link>
      </header>
      {contests.isPending ? <p>Loading contests…</p> : null}
      {contests.error ? <p role="alert">{contests.error.message}</p> : null}
      {contests.data?.length === 0 ? (
        <p className={styles.muted}>No contests yet. Design the first one.</p>
      ) : null}
      {ORDER.map((status) => {
        const list = byStatus.get(status) ?? [];
        if (list.length === 0) return null;
        return (
          <section key={status} aria-labelledby={`status-${status}`}>
            <h2 id={`status-${status}`} className={styles.groupTitle}>
              {headings[status]} <span className={styles.count}>{list.length}</span>
            </h2>
            <ul className={styles.list}>
              {list.map((contest) => (
                <li key={contest.id} className={styles.item}>
                  <div className={styles.itemMain}>
                    <Link to={`/contests/${contest.id}`} className={styles.name}>
                      {contest.name}
                    </Link>
                    <span className={styles.muted}>
                      {dateFormat.format(new Date(contest.startsAt))} –{' '}
                      {dateFormat.format(new Date(contest.endsAt))} ·{' '}
                      {contest.participantScope === 'all'
                        ? 'everyone'
                        : `${contest.participantIds.length} ${
                            contest.mode === 'team'
                              ? 'teams'
                              : contest.participantScope === 'teams'
                                ? "teams' members"
                                : 'reps'
                          }`}
                    </span>
                  </div>
                  <ContestStatusBadge status={contest.status} />
                  {['live', 'scheduled', 'ended'].includes(contest.status) ? (
                    <Link to={`/leaderboards/${contest.id}`} className={styles.boardLink}>
                      Leaderboard
                    </Link>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </section>
  );
}
