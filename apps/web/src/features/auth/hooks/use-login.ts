import type { LoginRequest } from '@arena/contracts';
import { useMutation } from '@tanstack/react-query';
import { login } from '../api/login';
import { useAuth } from './use-auth';

/** Signs in; the guest-only route then sends the user on to where they were going. */
export function useLogin() {
  const { signIn } = useAuth();
  return useMutation({
    mutationFn: (request: LoginRequest) => login(request),
    onSuccess: (response) => signIn(response.accessToken),
  });
}
