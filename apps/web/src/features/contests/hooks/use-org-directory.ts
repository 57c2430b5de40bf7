import { useTeams } from '../../admin/hooks/use-teams';
import { useUsers } from '../../admin/hooks/use-users';

/** Active reps and the teams, for choosing contest participants. */
export function useOrgDirectory() {
  const users = useUsers();
  const teams = useTeams();
  const reps = (users.data?.items ?? []).filter((user) => user.role === 'rep' && user.active);
  return { reps, teams: teams.data ?? [], isPending: users.isPending || teams.isPending };
}
