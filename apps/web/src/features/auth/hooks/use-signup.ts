import type { MeResponse, SignupRequest } from '@arena/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../shared/api/query-keys';
import { signup } from '../api/signup';
import { useAuth } from './use-auth';

/** Creates the organisation and signs its admin in; the answer already holds what `me` would. */
export function useSignup() {
  const { signIn } = useAuth();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: SignupRequest) => signup(request),
    onSuccess: ({ accessToken, user, org }) => {
      signIn(accessToken);
      queryClient.setQueryData<MeResponse>(queryKeys.me(), { user, org });
    },
  });
}
