import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { queryKeys } from '../../../shared/api/query-keys';
import { SelectField } from '../../../shared/ui/select-field';
import { useSignedInUser } from '../../auth/hooks/use-signed-in-user';
import { useContests } from '../../contests/hooks/use-contests';
import { useOrgDirectory } from '../../contests/hooks/use-org-directory';
import { fetchComparison } from '../api/coaching-api';
import { AssessmentComparisonView } from './assessment-comparison';
import { AssessmentForm } from './assessment-form';
import { BehavioursAdmin } from './behaviours-admin';
import { CoachingNotes } from './coaching-notes';
import styles from './coaching.module.css';

/**
 * Coaching a rep through a contest: rate the behaviours at its start and end, compare them with
 * what the rep did, and keep notes. Managers and admins pick any rep; a rep sees their own.
 */
export function CoachingPage() {
  const { user } = useSignedInUser();
  return (
    <section className={styles.page} aria-labelledby="coaching-title">
      <title>Coaching · Arena</title>
      <h1 id="coaching-title">Coaching</h1>
      {user.role === 'rep' ? <Coaching userId={user.id} coach={false} /> : <CoachView />}
    </section>
  );
}

/** Managers and admins: any active rep (reps cannot list users, so they skip this picker). */
function CoachView() {
  const { reps, isPending } = useOrgDirectory();
  const [repChoice, setRepChoice] = useState('');
  const userId = repChoice || reps[0]?.id || '';
  const repPicker = (
    <SelectField label="Rep" value={userId} onChange={(e) => setRepChoice(e.target.value)}>
      {reps.map((rep) => (
        <option key={rep.id} value={rep.id}>
          {rep.name}
        </option>
      ))}
    </SelectField>
  );
  return (
    <>
      {!isPending && reps.length === 0 ? <p className={styles.muted}>No reps yet.</p> : null}
      {userId ? <Coaching key={userId} userId={userId} coach repPicker={repPicker} /> : null}
      <BehavioursAdmin />
    </>
  );
}

type CoachingProps = {
  userId: string;
  coach: boolean;
  /** Managers choose the rep next to the contest. */
  repPicker?: ReactNode;
};

function Coaching({ userId, coach, repPicker }: CoachingProps) {
  const contests = useContests();
  const [contestChoice, setContestChoice] = useState('');
  const contestList = (contests.data ?? []).filter((contest) => contest.status !== 'draft');
  const contestId = contestChoice || contestList[0]?.id || '';
  const comparison = useQuery({
    queryKey: queryKeys.comparison(userId, contestId),
    queryFn: ({ signal }) => fetchComparison(userId, contestId, signal),
    enabled: Boolean(contestId),
  });
  return (
    <>
      <div className={styles.pickers}>
        {repPicker}
        <SelectField
          label="Contest"
          value={contestId}
          onChange={(e) => setContestChoice(e.target.value)}
        >
          {contestList.map((contest) => (
            <option key={contest.id} value={contest.id}>
              {contest.name}
            </option>
          ))}
        </SelectField>
      </div>
      {contests.data && contestList.length === 0 ? (
        <p className={styles.muted}>No published contest yet: assessments belong to a contest.</p>
      ) : null}
      {contestId ? (
        <>
          <section className={styles.panel} aria-labelledby="comparison-title">
            <h2 id="comparison-title">Start and end, side by side</h2>
            {comparison.error ? <p role="alert">{comparison.error.message}</p> : null}
            {comparison.data ? <AssessmentComparisonView comparison={comparison.data} /> : null}
          </section>
          {coach ? <AssessmentForm key={contestId} userId={userId} contestId={contestId} /> : null}
        </>
      ) : null}
      <CoachingNotes userId={userId} canWrite={coach} />
    </>
  );
}
