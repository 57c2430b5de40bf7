import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../shared/api/query-keys';
import { fetchBadges } from '../api/recognition-api';

/** The organisation's badge catalogue, retired ones included (the admin page shows them). */
export function useBadges() {
  return useQuery({
    queryKey: queryKeys.badges(),
    queryFn: ({ signal }) => fetchBadges(signal),
    staleTime: 60_000,
  });
}
