import type { HealthResponse } from '@arena/contracts';
import { ApiRequestError } from '../../../shared/api/api-request-error';
import { apiClient } from '../../../shared/api/api-client';

/** `unavailable` when the API answers but its database does not (HTTP 503). */
export async function fetchHealth(signal?: AbortSignal): Promise<HealthResponse> {
  try {
    return await apiClient.get<HealthResponse>('/health', { signal, authenticated: false });
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 503)
      return { status: 'unavailable', checks: { database: 'unavailable' } };
    throw error;
  }
}
