import type {
  Activity,
  ActivityType,
  RecordActivityRequest,
  RecordActivityResponse,
  VoidActivityRequest,
} from '@arena/contracts';
import { apiClient } from '../../../shared/api/api-client';

export function recordActivity(body: RecordActivityRequest): Promise<RecordActivityResponse> {
  return apiClient.post<RecordActivityResponse>('/activities', body);
}

export function voidActivity(id: string, body: VoidActivityRequest): Promise<Activity> {
  return apiClient.post<Activity>(`/activities/${encodeURIComponent(id)}/void`, body);
}

export function fetchActivityTypes(signal?: AbortSignal): Promise<ActivityType[]> {
  return apiClient.get<ActivityType[]>('/activity-types', { signal });
}
