import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../shared/api/query-keys';
import { fetchContest } from '../api/contests-api';

export function useContest(contestId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.contest(contestId ?? ''),
    queryFn: ({ signal }) => fetchContest(contestId as string, signal),
    enabled: Boolean(contestId),
  });
}
