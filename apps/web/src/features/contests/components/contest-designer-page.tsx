import { useParams } from 'react-router-dom';
import { FullPageStatus } from '../../../shared/ui/full-page-status';
import { useSignedInUser } from '../../auth/hooks/use-signed-in-user';
import { useContest } from '../hooks/use-contest';
import { ContestDesigner } from './contest-designer';

/** `/contests/new` and `/contests/:contestId`: the designer, loaded with the contest to edit. */
export function ContestDesignerPage() {
  const { contestId } = useParams();
  const contest = useContest(contestId);
  const { org } = useSignedInUser();
  if (contestId && contest.isPending) return <p>Loading the contest…</p>;
  if (contestId && contest.error) {
    return (
      <FullPageStatus title="This contest could not be loaded">
        <p>{contest.error.message}</p>
      </FullPageStatus>
    );
  }
  return (
    <ContestDesigner
      key={contest.data?.id ?? 'new'}
      contest={contest.data ?? null}
      orgTimezone={org.timezone}
    />
  );
}
