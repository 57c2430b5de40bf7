import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../shared/api/query-keys';
import { fetchTeam } from '../api/fetch-team';

/** One team by id; pass null to skip (no team, or a role that may not read teams). */
export function useTeam(teamId: string | null) {
  return useQuery({
    queryKey: queryKeys.team(teamId ?? ''),
    queryFn: ({ signal }) => fetchTeam(teamId as string, signal),
    enabled: teamId !== null,
    staleTime: 5 * 60_000,
  });
}
