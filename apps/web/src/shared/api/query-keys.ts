/**
 * Every TanStack Query key in one place. Anything that belongs to the signed-in user lives under
 * `session`, so signing out (or an expired token) drops it all with one `removeQueries`.
 */
export const queryKeys = {
  health: () => ['health'] as const,
  session: () => ['session'] as const,
  me: () => [...queryKeys.session(), 'me'] as const,
  teams: () => [...queryKeys.session(), 'teams'] as const,
  team: (teamId: string) => [...queryKeys.teams(), teamId] as const,
  users: () => [...queryKeys.session(), 'users'] as const,
  activityTypes: () => [...queryKeys.session(), 'activity-types'] as const,
  apiKeys: () => [...queryKeys.session(), 'api-keys'] as const,
  contests: () => [...queryKeys.session(), 'contests'] as const,
  contest: (contestId: string) => [...queryKeys.contests(), contestId] as const,
  leaderboard: (contestId: string) => [...queryKeys.contest(contestId), 'leaderboard'] as const,
  score: (contestId: string, participantId: string) =>
    [...queryKeys.contest(contestId), 'scores', participantId] as const,
  preview: (request: unknown) => [...queryKeys.session(), 'contest-preview', request] as const,
};
