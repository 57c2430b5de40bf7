import type { ActivityInsights, ActivityInsightsQuery } from '@arena/contracts';
import { apiClient } from '../../../shared/api/api-client';

export function fetchActivityInsights(
  query: ActivityInsightsQuery,
  signal?: AbortSignal,
): Promise<ActivityInsights> {
  const params = new URLSearchParams({ from: query.from, to: query.to });
  if (query.userId) params.set('userId', query.userId);
  if (query.teamId) params.set('teamId', query.teamId);
  return apiClient.get<ActivityInsights>(`/insights/activity?${params}`, { signal });
}
