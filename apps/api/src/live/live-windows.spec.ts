import { applyLeaderboardUpdate, type Leaderboard, type LeaderboardEntry } from '@arena/contracts';
import type { LeaderboardNotice } from './leaderboard-notice';
import { effectOn, mergeNotices, touches } from './live-windows';

const entry = (id: string, rank: number, points: number): LeaderboardEntry => ({
  rank,
  participant: { id, kind: 'user', name: id },
  points,
  goalReached: false,
  breakdown: [],
});

describe('touches: whether a change may move a window', () => {
  // A neighbourhood of ranks 10–12 holding 30, 20 and 20 points, kept around `b`.
  const part = [entry('a', 10, 30), entry('b', 11, 20), entry('c', 11, 20)];

  it('ignores entries that stay strictly above or strictly below it', () => {
    expect(touches(part, 'b', [{ id: 'x', before: 40, after: 55 }])).toBe(false);
    expect(touches(part, 'b', [{ id: 'y', before: 3, after: 19 }])).toBe(false);
    expect(touches(part, 'b', [{ id: 'z', before: 0, after: null }])).toBe(false);
  });

  it('counts entries in it, crossing it, or landing on its edges', () => {
    expect(touches(part, 'b', [{ id: 'a', before: 30, after: 31 }])).toBe(true);
    expect(touches(part, 'b', [{ id: 'y', before: 3, after: 40 }])).toBe(true);
    expect(touches(part, 'b', [{ id: 'x', before: 40, after: 10 }])).toBe(true);
    expect(touches(part, 'b', [{ id: 'y', before: 3, after: 20 }])).toBe(true);
    expect(touches(part, 'b', [{ id: 'x', before: 30, after: 50 }])).toBe(true);
  });

  it('reads again when the change is unknown, and an empty window only for its anchor', () => {
    expect(touches(part, 'b', null)).toBe(true);
    expect(touches([], 'b', [{ id: 'x', before: 1, after: 2 }])).toBe(false);
    expect(touches([], 'b', [{ id: 'b', before: 0, after: 2 }])).toBe(true);
  });
});

describe('effectOn: read a window again, count its ranks again, or leave it', () => {
  // Around `c` with one entry each side: b (30), c (20), d (20); the board goes on both ways.
  const part = [entry('b', 10, 30), entry('c', 11, 20), entry('d', 11, 20)];

  it('only counts ranks again when entries crossed it, and leaves it when none did', () => {
    expect(effectOn(part, 'c', 1, [{ id: 'y', before: 3, after: 40 }])).toBe('ranks');
    expect(effectOn(part, 'c', 1, [{ id: 'x', before: 40, after: 10 }])).toBe('ranks');
    expect(effectOn(part, 'c', 1, [{ id: 'x', before: 40, after: 55 }])).toBe('none');
    expect(effectOn(part, 'c', 1, [{ id: 'y', before: 3, after: 19 }])).toBe('none');
  });

  it('reads it again when an entry may have joined or left it', () => {
    expect(effectOn(part, 'c', 1, [{ id: 'y', before: 3, after: 25 }])).toBe('read');
    expect(effectOn(part, 'c', 1, [{ id: 'y', before: 3, after: 20 }])).toBe('read');
    expect(effectOn(part, 'c', 1, [{ id: 'x', before: 30, after: 50 }])).toBe('read');
    expect(effectOn(part, 'c', 1, [{ id: 'd', before: 20, after: 21 }])).toBe('read');
    expect(effectOn(part, 'c', 1, null)).toBe('read');
    // A crossing, then a landing: the landing decides.
    expect(
      effectOn(part, 'c', 1, [
        { id: 'y', before: 3, after: 40 },
        { id: 'z', before: 3, after: 30 },
      ]),
    ).toBe('read');
  });

  it('reads it again when an entry arrives on a side where the board was short of k', () => {
    // Two asked for each side, one above: everything above `c` is in it, an arrival joins it.
    expect(effectOn(part, 'c', 2, [{ id: 'y', before: 3, after: 40 }])).toBe('read');
    expect(effectOn(part, 'c', 2, [{ id: 'y', before: 3, after: 19 }])).toBe('read');
    expect(effectOn(part, 'c', 1, [{ id: 'y', before: 3, after: 19 }])).toBe('none');
  });
});

describe('effectOn within a run of ties', () => {
  // Three of a long run of reps at 20 points, listed by name (numeric: Rep 5 < Rep 10).
  const named = (id: string, name: string): LeaderboardEntry => ({
    ...entry(id, 11, 20),
    participant: { id, kind: 'user', name },
  });
  const part = [named('b', 'Rep 5'), named('c', 'Rep 6'), named('d', 'Rep 7')];

  it('places a named entry by name: beside the window it changes nothing, inside it reads', () => {
    expect(effectOn(part, 'c', 1, [{ id: 'y', name: 'Rep 10', before: 3, after: 20 }])).toBe(
      'none',
    );
    expect(effectOn(part, 'c', 1, [{ id: 'y', name: 'Rep 1', before: 3, after: 20 }])).toBe('none');
    expect(effectOn(part, 'c', 1, [{ id: 'y', name: 'rep 6', before: 3, after: 20 }])).toBe('read');
    expect(effectOn(part, 'c', 1, [{ id: 'y', before: 3, after: 20 }])).toBe('read');
  });

  it('counts ranks again when a tied entry beside it moves above its points', () => {
    expect(effectOn(part, 'c', 1, [{ id: 'y', name: 'Rep 1', before: 20, after: 25 }])).toBe(
      'ranks',
    );
    expect(effectOn(part, 'c', 1, [{ id: 'y', name: 'Rep 9', before: 20, after: 3 }])).toBe('none');
  });
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

  it('keeps the newest top, size and seq, and each entry from its first before to its last after', () => {
    const merged = mergeNotices([
      notice(8, [{ id: 'b', before: 5, after: 6 }]),
      notice(7, [
        { id: 'a', before: 1, after: 2 },
        { id: 'b', before: 4, after: 5 },
      ]),
      notice(9, [{ id: 'a', before: 2, after: 9 }]),
    ]);
    expect(merged).toMatchObject({ seq: 9, firstSeq: 7, total: 50, sameTotal: true });
    expect(merged.top).toEqual([entry('top9', 1, 9)]);
    expect(merged.changes).toEqual([
      { id: 'a', before: 1, after: 9 },
      { id: 'b', before: 4, after: 6 },
    ]);
  });

  it('knows no changes across a gap in the seqs or after an unknown change', () => {
    expect(mergeNotices([notice(3, []), notice(5, [])]).changes).toBeNull();
    expect(mergeNotices([notice(3, []), notice(4, null)]).changes).toBeNull();
    expect(mergeNotices([notice(3, [])]).changes).toEqual([]);
  });

  it('says when the board changed size among them', () => {
    expect(mergeNotices([notice(3, [], 50), notice(4, [], 51)]).sameTotal).toBe(false);
  });
});
