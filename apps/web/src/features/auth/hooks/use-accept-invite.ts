import type { AcceptInviteRequest } from '@arena/contracts';
import { useMutation } from '@tanstack/react-query';
import { acceptInvite } from '../api/accept-invite';
import { useAuth } from './use-auth';

/** Sets an invited user's password with their link's token, and signs them in. */
export function useAcceptInvite() {
  const { signIn } = useAuth();
  return useMutation({
    mutationFn: (request: AcceptInviteRequest) => acceptInvite(request),
    onSuccess: (response) => signIn(response.accessToken),
  });
}
