import type { ParticipantRef } from '@arena/contracts';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Button } from '../../../shared/ui/button';
import { SelectField } from '../../../shared/ui/select-field';
import { useSignedInUser } from '../../auth/hooks/use-signed-in-user';
import { useContests } from '../../contests/hooks/use-contests';
import { useOrgDirectory } from '../../contests/hooks/use-org-directory';
import type { RecognitionFilter } from '../api/recognition-api';
import { useRecognitionFeed } from '../hooks/use-recognition-feed';
import { AwardDialog } from './award-dialog';
import { RecognitionCard } from './recognition-card';
import styles from './recognition.module.css';

/** The organisation's recognition feed, live, with filters and (for managers) awarding. */
export function RecognitionPage() {
  const { user } = useSignedInUser();
  const manager = user.role !== 'rep';
  return (
    <section className={styles.page} aria-labelledby="recognition-title">
      <title>Recognition · Arena</title>
      <header className={styles.header}>
        <h1 id="recognition-title">Recognition</h1>
        <Link to={`/recognition/people/${user.id}`} className={styles.headerLink}>
          My trophy case
        </Link>
      </header>
      {manager ? <ManagerFeed /> : <RepFeed />}
    </section>
  );
}

function ManagerFeed() {
  const { reps, teams } = useOrgDirectory();
  const [filter, setFilter] = useState<RecognitionFilter>({});
  const [recipient, setRecipient] = useState('');
  const [awarding, setAwarding] = useState<Pick<ParticipantRef, 'id' | 'kind' | 'name'> | null>(
    null,
  );
  const chosen = (() => {
    const [kind, id] = recipient.split(':');
    if (kind === 'user') {
      const rep = reps.find((r) => r.id === id);
      return rep ? { id: rep.id, kind: 'user' as const, name: rep.name } : null;
    }
    const team = teams.find((t) => t.id === id);
    return team ? { id: team.id, kind: 'team' as const, name: team.name } : null;
  })();
  return (
    <>
      <form
        className={styles.awardBar}
        aria-label="Recognise someone"
        onSubmit={(event) => {
          event.preventDefault();
          if (chosen) setAwarding(chosen);
        }}
      >
        <SelectField
          label="Recognise"
          value={recipient}
          onChange={(e) => setRecipient(e.target.value)}
        >
          <option value="">Choose a rep or a team</option>
          <optgroup label="Reps">
            {reps.map((rep) => (
              <option key={rep.id} value={`user:${rep.id}`}>
                {rep.name}
              </option>
            ))}
          </optgroup>
          <optgroup label="Teams">
            {teams.map((team) => (
              <option key={team.id} value={`team:${team.id}`}>
                {team.name}
              </option>
            ))}
          </optgroup>
        </SelectField>
        <Button type="submit" disabled={!chosen}>
          Award…
        </Button>
      </form>
      {awarding ? <AwardDialog recipient={awarding} onClose={() => setAwarding(null)} /> : null}
      <Feed
        filter={filter}
        filters={
          <>
            <ContestFilter
              value={filter.contestId ?? ''}
              onChange={(contestId) =>
                setFilter((f) => ({ ...f, contestId: contestId || undefined }))
              }
            />
            <SelectField
              label="Rep"
              value={filter.userId ?? ''}
              onChange={(e) =>
                setFilter((f) => ({ ...f, userId: e.target.value || undefined, teamId: undefined }))
              }
            >
              <option value="">Everyone</option>
              {reps.map((rep) => (
                <option key={rep.id} value={rep.id}>
                  {rep.name}
                </option>
              ))}
            </SelectField>
            <SelectField
              label="Team"
              value={filter.teamId ?? ''}
              onChange={(e) =>
                setFilter((f) => ({ ...f, teamId: e.target.value || undefined, userId: undefined }))
              }
            >
              <option value="">All teams</option>
              {teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </SelectField>
          </>
        }
      />
    </>
  );
}

function RepFeed() {
  const [contestId, setContestId] = useState('');
  return (
    <Feed
      filter={contestId ? { contestId } : {}}
      filters={<ContestFilter value={contestId} onChange={setContestId} />}
    />
  );
}

function ContestFilter({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const contests = useContests();
  return (
    <SelectField label="Contest" value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">All contests</option>
      {(contests.data ?? []).map((contest) => (
        <option key={contest.id} value={contest.id}>
          {contest.name}
        </option>
      ))}
    </SelectField>
  );
}

type FeedProps = { filter: RecognitionFilter; filters: ReactNode };

function Feed({ filter, filters }: FeedProps) {
  const feed = useRecognitionFeed(filter);
  return (
    <>
      <div className={styles.filters} role="group" aria-label="Filter the feed">
        {filters}
      </div>
      {feed.error ? <p role="alert">{feed.error.message}</p> : null}
      {feed.isPending ? <p>Loading recognition…</p> : null}
      {feed.data && feed.items.length === 0 ? (
        <p className={styles.muted}>Nothing here yet.</p>
      ) : null}
      <div
        className={styles.feed}
        aria-label="Recognition feed"
        role="feed"
        aria-busy={feed.isFetching}
      >
        {feed.items.map((recognition) => (
          <RecognitionCard key={recognition.id} recognition={recognition} />
        ))}
      </div>
      {feed.hasNextPage ? (
        <Button
          variant="secondary"
          onClick={() => void feed.fetchNextPage()}
          pending={feed.isFetchingNextPage}
        >
          Load more
        </Button>
      ) : null}
    </>
  );
}
