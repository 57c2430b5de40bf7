import { applyLeaderboardUpdate, type Leaderboard, type LeaderboardEntry } from '@arena/contracts';
import type { LeaderboardNotice } from './leaderboard-notice';
import { mergeNotices } from './live-windows';

const entry = (id: string, rank: number, points: number): LeaderboardEntry => ({
  rank,
  participant: { id, kind: 'user', name: id },
  points,
  goalReached: false,
  breakdown: [],
});

describe('applyLeaderboardUpdate with windows', () => {
  const board: Leaderboard = { contestId: 'c', seq: 4, entries: [entry('a', 1, 5)], total: 9 };

  it('applies an update that says it follows the board held (`since`), and sees a gap otherwise', () => {
    const next = applyLeaderboardUpdate(board, {
      contestId: 'c',
      seq: 7,
      since: 4,
      entries: [
        {
          id: 'b',
          participant: { id: 'b', kind: 'user', name: 'b' },
          rank: 1,
          points: 6,
          goalReached: false,
          breakdown: [],
        },
      ],
      removed: ['a'],
      total: 9,
    });
    expect(next).toEqual({ contestId: 'c', seq: 7, entries: [entry('b', 1, 6)], total: 9 });
    expect(
      applyLeaderboardUpdate(board, { contestId: 'c', seq: 7, entries: [], removed: [], total: 9 }),
    ).toBe('gap');
    expect(
      applyLeaderboardUpdate(board, { contestId: 'c', seq: 4, entries: [], removed: [], total: 9 }),
    ).toBe('stale');
  });
});

describe('mergeNotices: notices that waited, applied as one', () => {
  const notice = (seq: number, changes: LeaderboardNotice['changes'], total = 50) =>
    ({
      orgId: 'o',
      contestId: 'c',
      contestUpdatedAt: 1,
      seq,
      total,
      top: [entry(`top${seq}`, 1, seq)],
      changes,
    }) satisfies LeaderboardNotice;

  it('keeps the newest top, size and seq, and each changed entry as the last notice left it', () => {
    const merged = mergeNotices([
      notice(8, [{ id: 'b', entry: entry('b', 2, 6) }]),
      notice(7, [
        { id: 'a', entry: entry('a', 3, 2) },
        { id: 'b', entry: entry('b', 2, 5) },
      ]),
      notice(9, [{ id: 'a', entry: null }]),
    ]);
    expect(merged).toMatchObject({ seq: 9, firstSeq: 7, total: 50 });
    expect(merged.top).toEqual([entry('top9', 1, 9)]);
    expect(merged.changes).toEqual([
      { id: 'a', entry: null },
      { id: 'b', entry: entry('b', 2, 6) },
    ]);
  });

  it('knows no changes across a gap in the seqs or after an unknown change', () => {
    expect(mergeNotices([notice(3, []), notice(5, [])]).changes).toBeNull();
    expect(mergeNotices([notice(3, []), notice(4, null)]).changes).toBeNull();
    expect(mergeNotices([notice(3, [])]).changes).toEqual([]);
  });
});
