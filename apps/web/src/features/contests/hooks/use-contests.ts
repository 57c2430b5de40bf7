import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../shared/api/query-keys';
import { fetchContests } from '../api/contests-api';

/** Contests the user may see: all for managers and admins, their published ones for reps. */
export function useContests() {
  return useQuery({
    queryKey: queryKeys.contests(),
    queryFn: ({ signal }) => fetchContests(signal),
    staleTime: 30_000,
  });
}
