import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../shared/api/query-keys';
import { fetchTeams } from '../api/admin-api';

export function useTeams() {
  return useQuery({ queryKey: queryKeys.teams(), queryFn: ({ signal }) => fetchTeams(signal) });
}
