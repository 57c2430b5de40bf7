import type { LoginRequest, LoginResponse } from '@arena/contracts';
import { apiClient } from '../../../shared/api/api-client';

export function login(request: LoginRequest): Promise<LoginResponse> {
  return apiClient.post<LoginResponse>('/auth/login', request, { authenticated: false });
}
