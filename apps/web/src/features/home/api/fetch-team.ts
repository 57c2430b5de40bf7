import type { Team } from '@arena/contracts';
import { apiClient } from '../../../shared/api/api-client';

export function fetchTeam(teamId: string, signal?: AbortSignal): Promise<Team> {
  return apiClient.get<Team>(`/teams/${encodeURIComponent(teamId)}`, { signal });
}
