import type {
  Contest,
  CreateContestRequest,
  Leaderboard,
  ParticipantScore,
  PreviewContestRequest,
  PreviewLeaderboard,
  UpdateContestRequest,
} from '@arena/contracts';
import { apiClient } from '../../../shared/api/api-client';

const path = (id: string) => `/contests/${encodeURIComponent(id)}`;

export function fetchContests(signal?: AbortSignal): Promise<Contest[]> {
  return apiClient.get<Contest[]>('/contests', { signal });
}

export function fetchContest(id: string, signal?: AbortSignal): Promise<Contest> {
  return apiClient.get<Contest>(path(id), { signal });
}

export function createContest(body: CreateContestRequest): Promise<Contest> {
  return apiClient.post<Contest>('/contests', body);
}

export function updateContest(id: string, body: UpdateContestRequest): Promise<Contest> {
  return apiClient.patch<Contest>(path(id), body);
}

export function publishContest(id: string): Promise<Contest> {
  return apiClient.post<Contest>(`${path(id)}/publish`, {});
}

export function archiveContest(id: string): Promise<Contest> {
  return apiClient.post<Contest>(`${path(id)}/archive`, {});
}

export function previewContest(
  body: PreviewContestRequest,
  signal?: AbortSignal,
): Promise<PreviewLeaderboard> {
  return apiClient.post<PreviewLeaderboard>('/contests/preview', body, { signal });
}

export function fetchLeaderboard(id: string, signal?: AbortSignal): Promise<Leaderboard> {
  return apiClient.get<Leaderboard>(`${path(id)}/leaderboard?limit=200`, { signal });
}

export function fetchParticipantScore(
  id: string,
  participantId: string,
  signal?: AbortSignal,
): Promise<ParticipantScore> {
  return apiClient.get<ParticipantScore>(
    `${path(id)}/scores/${encodeURIComponent(participantId)}`,
    { signal },
  );
}
