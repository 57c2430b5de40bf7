import type { MeResponse, Org, User } from '@arena/contracts';

type BuildMeOverrides = {
  user?: Partial<User>;
  org?: Partial<Org>;
};

/** A signed-in user and their org, for tests; override only what the test is about. */
export function buildMe(overrides: BuildMeOverrides = {}): MeResponse {
  const org: Org = {
    id: 'org-1',
    name: 'Acme Sales',
    timezone: 'Europe/Amsterdam',
    createdAt: '2026-01-05T09:00:00.000Z',
    ...overrides.org,
  };
  const user: User = {
    id: 'user-1',
    orgId: org.id,
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    role: 'rep',
    teamId: null,
    active: true,
    // As the server defaults it: reps compete, staff only when an admin says so.
    competes: (overrides.user?.role ?? 'rep') === 'rep',
    createdAt: '2026-01-05T09:00:00.000Z',
    ...overrides.user,
  };
  return { user, org };
}
