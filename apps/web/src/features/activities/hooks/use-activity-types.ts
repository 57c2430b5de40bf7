import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../shared/api/query-keys';
import { fetchActivityTypes } from '../api/activities-api';

/** The organisation's activity catalogue (every role may read it). */
export function useActivityTypes() {
  return useQuery({
    queryKey: queryKeys.activityTypes(),
    queryFn: ({ signal }) => fetchActivityTypes(signal),
    staleTime: 5 * 60_000,
  });
}
