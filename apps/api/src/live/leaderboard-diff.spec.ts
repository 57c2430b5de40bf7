import type { LeaderboardEntry } from '@arena/contracts';
import { diffLeaderboard } from './leaderboard-diff';

const entry = (
  id: string,
  rank: number,
  points: number,
  goalReached = false,
): LeaderboardEntry => ({
  rank,
  participant: { id, kind: 'user', name: id.toUpperCase() },
  points,
  goalReached,
  breakdown: [{ activityType: 'call', units: points, countedUnits: points, points }],
});

describe('diffLeaderboard', () => {
  it('sends only changed entries, with their movement, and the ones that left', () => {
    const before = [entry('a', 1, 30), entry('b', 2, 20), entry('c', 3, 10), entry('d', 4, 5)];
    const after = [entry('b', 1, 40), entry('a', 2, 30), entry('c', 3, 10), entry('e', 4, 1)];
    const diff = diffLeaderboard(before, after, null);
    expect(diff.entries.map((e) => [e.participant.id, e.rank, e.previousRank, e.movement])).toEqual(
      [
        ['b', 1, 2, 1],
        ['a', 2, 1, -1],
        ['e', 4, null, 0],
      ],
    );
    expect(diff.removed).toEqual(['d']);
  });

  it('sees no change in an entry read back from jsonb with its keys reordered', () => {
    const stored = JSON.parse(JSON.stringify([entry('a', 1, 5)]), (_key, value) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).reverse())
        : value,
    );
    expect(diffLeaderboard(stored, [entry('a', 1, 5)], null).entries).toEqual([]);
  });

  it('celebrates a goal reached and a new sole leader once, not ties or the first broadcast', () => {
    const before = [entry('a', 1, 90), entry('b', 2, 80)];
    expect(
      diffLeaderboard(before, [entry('b', 1, 110, true), entry('a', 2, 90)], 100).celebrations,
    ).toEqual([
      {
        kind: 'goal_reached',
        participant: { id: 'b', kind: 'user', name: 'B' },
        message: 'B reached the goal of 100 points!',
      },
      {
        kind: 'new_leader',
        participant: { id: 'b', kind: 'user', name: 'B' },
        message: 'B takes the lead with 110 points!',
      },
    ]);
    expect(
      diffLeaderboard(before, [entry('a', 1, 90), entry('b', 1, 90)], 100).celebrations,
    ).toEqual([]);
    expect(diffLeaderboard(null, [entry('a', 1, 500, true)], 100).celebrations).toEqual([]);
    const reached = [entry('a', 1, 120, true)];
    expect(diffLeaderboard(reached, [entry('a', 1, 130, true)], 100).celebrations).toEqual([]);
  });
});
