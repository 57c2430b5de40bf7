import { applyLeaderboardUpdate, compareEntries, type LeaderboardEntry } from '@arena/contracts';
import { rankEntries } from '@arena/scoring';
import fc from 'fast-check';
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
  it('sends only what changed in each entry, with its movement, and the ones that left', () => {
    const before = [entry('a', 1, 30), entry('b', 2, 20), entry('c', 3, 10), entry('d', 4, 5)];
    const after = [entry('b', 1, 40), entry('a', 2, 30), entry('c', 3, 10), entry('e', 4, 1)];
    const diff = diffLeaderboard(before, after, null);
    expect(diff.entries).toEqual([
      { id: 'b', rank: 1, movement: 1, points: 40, breakdown: after[0].breakdown },
      { id: 'a', rank: 2, movement: -1 },
      { id: 'e', ...after[3], movement: 0 },
    ]);
    expect(diff.removed).toEqual(['d']);
  });

  it('rebuilds the next board exactly when its patches are applied to the previous one', () => {
    const board = fc
      .uniqueArray(
        fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), points: fc.nat(5) }),
        { selector: (row) => row.id },
      )
      .map((rows) =>
        rankEntries(rows.map((row) => ({ ...row, name: row.id.toUpperCase() }))).map((row) =>
          entry(row.id, row.rank, row.points, row.points >= 4),
        ),
      );
    fc.assert(
      fc.property(board, board, (previous, next) => {
        const diff = diffLeaderboard(previous, next, 4);
        const applied = applyLeaderboardUpdate(
          { contestId: 'x', seq: 1, entries: previous, total: previous.length },
          {
            contestId: 'x',
            seq: 2,
            entries: diff.entries,
            removed: diff.removed,
            total: next.length,
          },
        );
        expect(applied).toEqual({ contestId: 'x', seq: 2, entries: next, total: next.length });
        expect([...next].sort(compareEntries)).toEqual(next);
      }),
    );
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
