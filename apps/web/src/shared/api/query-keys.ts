/**
 * Every TanStack Query key in one place. Anything that belongs to the signed-in user lives under
 * `session`, so signing out (or an expired token) drops it all with one `removeQueries`.
 */
export const queryKeys = {
  health: () => ['health'] as const,
  session: () => ['session'] as const,
  me: () => [...queryKeys.session(), 'me'] as const,
  team: (teamId: string) => [...queryKeys.session(), 'teams', teamId] as const,
};
