import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../shared/api/query-keys';
import { fetchUsers } from '../api/admin-api';

export function useUsers() {
  return useQuery({ queryKey: queryKeys.users(), queryFn: ({ signal }) => fetchUsers(signal) });
}
