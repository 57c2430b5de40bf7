import type { ParticipantRef } from '@arena/contracts';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button } from '../../../shared/ui/button';
import { AwardDialog } from '../../recognition/components/award-dialog';
import { useSignedInUser } from '../../auth/hooks/use-signed-in-user';
import { ContestStatusBadge } from '../../contests/components/contest-status-badge';
import { useContest } from '../../contests/hooks/use-contest';
import { useLiveLeaderboard } from '../hooks/use-live-leaderboard';
import { LeaderboardTable } from './leaderboard-table';
import { DataFreshness } from '../../connections/components/data-freshness';
import { LiveStatusIndicator } from './live-status';
import styles from './leaderboard-page.module.css';

/** One contest's board, live: rows glide to new ranks as updates arrive. */
export function ContestLeaderboardPage() {
  const { contestId = '' } = useParams();
  const { user } = useSignedInUser();
  const contest = useContest(contestId);
  const live = useLiveLeaderboard(contestId);
  const name = contest.data?.name ?? 'Leaderboard';
  const team = contest.data?.mode === 'team';
  const highlightId = team ? (user.teamId ?? undefined) : user.id;
  const [awarding, setAwarding] = useState<ParticipantRef | null>(null);
  const manager = user.role !== 'rep';

  return (
    <section className={styles.page} aria-labelledby="board-title">
      <title>{`${name} · Arena`}</title>
      <Link to="/leaderboards" className={styles.back}>
        ← All leaderboards
      </Link>
      <header className={styles.header}>
        <div>
          <h1 id="board-title">{name}</h1>
          {contest.data ? (
            <p className={styles.muted}>
              <ContestStatusBadge status={contest.data.status} />{' '}
              {team ? 'Team contest' : 'Individual contest'}
              {contest.data.goalPoints ? ` · goal ${contest.data.goalPoints} pts` : ''}
            </p>
          ) : null}
        </div>
        <LiveStatusIndicator status={live.status} />
      </header>
      {live.error ? <p role="alert">{live.error.message}</p> : null}
      {live.isPending ? <p>Loading the leaderboard…</p> : null}
      {live.board ? (
        <LeaderboardTable
          caption={team ? 'Teams by rank' : 'Participants by rank'}
          entries={live.board.entries}
          movements={live.movements}
          goalPoints={contest.data?.goalPoints}
          highlightId={highlightId}
          rowAction={(entry) =>
            manager || (entry.participant.kind === 'user' && entry.participant.id !== user.id) ? (
              <Button
                variant="secondary"
                size="small"
                onClick={() => setAwarding(entry.participant)}
                aria-label={`${manager ? 'Award' : 'Kudos to'} ${entry.participant.name}`}
              >
                {manager ? 'Award' : 'Kudos'}
              </Button>
            ) : null
          }
        />
      ) : null}
      <DataFreshness />
      {awarding ? (
        <AwardDialog recipient={awarding} contestId={contestId} onClose={() => setAwarding(null)} />
      ) : null}
    </section>
  );
}
