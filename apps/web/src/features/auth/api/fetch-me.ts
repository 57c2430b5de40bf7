import type { MeResponse } from '@arena/contracts';
import { apiClient } from '../../../shared/api/api-client';

export function fetchMe(signal?: AbortSignal): Promise<MeResponse> {
  return apiClient.get<MeResponse>('/me', { signal });
}
