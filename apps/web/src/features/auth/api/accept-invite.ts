import type { AcceptInviteRequest, LoginResponse } from '@arena/contracts';
import { apiClient } from '../../../shared/api/api-client';

export function acceptInvite(request: AcceptInviteRequest): Promise<LoginResponse> {
  return apiClient.post<LoginResponse>('/auth/accept-invite', request, { authenticated: false });
}
