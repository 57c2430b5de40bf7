import { useTeams } from '../../admin/hooks/use-teams';
import { useUsers } from '../../admin/hooks/use-users';

/** Active people who compete (reps, and player-coaches) and the teams, for choosing participants. */
export function useOrgDirectory() {
  const users = useUsers();
  const teams = useTeams();
  const reps = (users.data?.items ?? []).filter((user) => user.competes && user.active);
  return { reps, teams: teams.data ?? [], isPending: users.isPending || teams.isPending };
}
