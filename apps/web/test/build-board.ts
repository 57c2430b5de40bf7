import type { Contest, Leaderboard, LeaderboardEntry } from '@arena/contracts';

/** A board entry for tests: `[id, name, rank, points]`. */
export function entry(id: string, name: string, rank: number, points: number): LeaderboardEntry {
  return {
    rank,
    participant: { id, kind: 'user', name },
    points,
    goalReached: false,
    breakdown: [],
  };
}

export function buildBoard(seq: number, entries: LeaderboardEntry[]): Leaderboard {
  return { contestId: 'contest-1', seq, entries, total: entries.length };
}

export function buildContest(overrides: Partial<Contest> = {}): Contest {
  return {
    id: 'contest-1',
    name: 'November Call Blitz',
    description: '',
    startsAt: '2026-11-01T00:00:00.000Z',
    endsAt: '2026-12-01T00:00:00.000Z',
    timezone: 'Europe/Amsterdam',
    mode: 'individual',
    teamAggregation: 'sum',
    participantScope: 'listed',
    participantIds: ['user-1', 'user-2'],
    rules: [
      { activityType: 'call', pointsPerUnit: 10, dailyCap: null, totalCap: null },
      { activityType: 'demo', pointsPerUnit: 50, dailyCap: null, totalCap: null },
    ],
    multipliers: [],
    goalPoints: 200,
    prizes: [],
    achievements: [],
    status: 'live',
    publishedAt: '2026-10-30T00:00:00.000Z',
    archivedAt: null,
    createdAt: '2026-10-30T00:00:00.000Z',
    updatedAt: '2026-10-30T00:00:00.000Z',
    ...overrides,
  };
}
