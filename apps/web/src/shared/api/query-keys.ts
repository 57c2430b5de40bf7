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
  recognitions: () => [...queryKeys.session(), 'recognitions'] as const,
  recognitionFeed: (filter: unknown) => [...queryKeys.recognitions(), 'feed', filter] as const,
  trophyCase: (userId: string) => [...queryKeys.recognitions(), 'trophy-case', userId] as const,
  badges: () => [...queryKeys.session(), 'badges'] as const,
  behaviours: () => [...queryKeys.session(), 'behaviours'] as const,
  comparison: (userId: string, contestId: string) =>
    [...queryKeys.session(), 'assessments', 'comparison', userId, contestId] as const,
  assessments: (userId: string, contestId: string) =>
    [...queryKeys.session(), 'assessments', userId, contestId] as const,
  coachingNotes: (userId: string) => [...queryKeys.session(), 'coaching-notes', userId] as const,
  insights: (query: unknown) => [...queryKeys.session(), 'insights', query] as const,
  displays: () => [...queryKeys.session(), 'displays'] as const,
  connections: () => [...queryKeys.session(), 'connections'] as const,
  connectionFreshness: () => [...queryKeys.session(), 'connection-freshness'] as const,
  connectionPresets: () => [...queryKeys.session(), 'connection-presets'] as const,
  connection: (connectionId: string) => [...queryKeys.connections(), connectionId] as const,
  connectionDeliveries: (connectionId: string) =>
    [...queryKeys.connection(connectionId), 'deliveries'] as const,
  connectionUnmatched: (connectionId: string) =>
    [...queryKeys.connection(connectionId), 'unmatched'] as const,
};
