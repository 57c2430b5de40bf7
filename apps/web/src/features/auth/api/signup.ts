import type { SignupRequest, SignupResponse } from '@arena/contracts';
import { apiClient } from '../../../shared/api/api-client';

/** Creates an organisation and its first admin, who is signed in straight away. */
export function signup(request: SignupRequest): Promise<SignupResponse> {
  return apiClient.post<SignupResponse>('/orgs', request, { authenticated: false });
}
