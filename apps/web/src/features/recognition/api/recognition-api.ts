import type {
  Badge,
  CreateBadgeRequest,
  CreateRecognitionRequest,
  Page,
  Recognition,
  RetractRecognitionRequest,
  TrophyCase,
  UpdateBadgeRequest,
} from '@arena/contracts';
import { apiClient } from '../../../shared/api/api-client';

const id = (value: string) => encodeURIComponent(value);

/** What the feed is narrowed to; empty = the whole organisation. */
export type RecognitionFilter = {
  contestId?: string;
  userId?: string;
  teamId?: string;
};

export const FEED_PAGE_SIZE = 20;

export function fetchRecognitions(
  filter: RecognitionFilter,
  offset: number,
  signal?: AbortSignal,
): Promise<Page<Recognition>> {
  const params = new URLSearchParams({ limit: String(FEED_PAGE_SIZE), offset: String(offset) });
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  return apiClient.get<Page<Recognition>>(`/recognitions?${params}`, { signal });
}

export function createRecognition(body: CreateRecognitionRequest): Promise<Recognition> {
  return apiClient.post<Recognition>('/recognitions', body);
}

export function retractRecognition(
  recognitionId: string,
  body: RetractRecognitionRequest,
): Promise<Recognition> {
  return apiClient.post<Recognition>(`/recognitions/${id(recognitionId)}/retract`, body);
}

export function fetchTrophyCase(userId: string, signal?: AbortSignal): Promise<TrophyCase> {
  return apiClient.get<TrophyCase>(`/users/${id(userId)}/trophy-case`, { signal });
}

export function fetchBadges(signal?: AbortSignal): Promise<Badge[]> {
  return apiClient.get<Badge[]>('/badges', { signal });
}

export function createBadge(body: CreateBadgeRequest): Promise<Badge> {
  return apiClient.post<Badge>('/badges', body);
}

export function updateBadge(input: { id: string; body: UpdateBadgeRequest }): Promise<Badge> {
  return apiClient.patch<Badge>(`/badges/${id(input.id)}`, input.body);
}
