import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../shared/api/query-keys';
import { fetchBehaviours } from '../api/coaching-api';

export function useBehaviours() {
  return useQuery({
    queryKey: queryKeys.behaviours(),
    queryFn: ({ signal }) => fetchBehaviours(signal),
  });
}
