import { apiClient } from '../../../shared/api/api-client';

/** Ends this session on the server: the token stops working and its live connection closes. */
export function logout(): Promise<void> {
  return apiClient.post<void>('/auth/logout', undefined);
}

/** Ends every session of the signed-in user, on every device. */
export function logoutEverywhere(): Promise<void> {
  return apiClient.post<void>('/auth/logout-all', undefined);
}
