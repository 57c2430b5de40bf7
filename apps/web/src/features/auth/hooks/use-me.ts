import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../shared/api/query-keys';
import { fetchMe } from '../api/fetch-me';
import { useAuth } from './use-auth';

/** The signed-in user and their organisation; idle while signed out. */
export function useMe() {
  const { token } = useAuth();
  return useQuery({
    queryKey: queryKeys.me(),
    queryFn: ({ signal }) => fetchMe(signal),
    enabled: token !== null,
    staleTime: 60_000,
  });
}
