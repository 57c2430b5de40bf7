import { compareNames, type LeaderboardEntry } from '@arena/contracts';
import { BoardMirror } from './board-mirror';

const entry = (id: string, name: string, points: number): LeaderboardEntry => ({
  rank: 0,
  participant: { id, kind: 'user', name },
  points,
  goalReached: false,
  breakdown: [],
});

/** The board by its definition (SPEC §3): sorted whole, each ranked 1 + the entries with more points. */
function ranked(entries: LeaderboardEntry[]): LeaderboardEntry[] {
  const sorted = [...entries].sort(
    (a, b) => b.points - a.points || compareNames(a.participant, b.participant),
  );
  return sorted.map((e) => ({ ...e, rank: 1 + sorted.filter((o) => o.points > e.points).length }));
}

/** A small deterministic generator (the test must replay the same way). */
function random(seed: number) {
  let x = seed;
  return (n: number) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % n;
  };
}

describe('BoardMirror', () => {
  it('ranks ties alike and lists them by name (numeric, case-insensitive), then id', () => {
    const board = ranked([
      entry('c', 'Rep 10', 5),
      entry('a', 'rep 5', 5),
      entry('b', 'Rep 2', 7),
      entry('d', 'Rep 1', 0),
    ]);
    const mirror = new BoardMirror(board, 3);
    expect(mirror.top(10).map((e) => [e.participant.id, e.rank])).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 2],
      ['d', 4],
    ]);
    expect(mirror.around('c', 1).map((e) => e.participant.id)).toEqual(['a', 'c', 'd']);
    expect(mirror.entry('d')?.rank).toBe(4);
    expect(mirror.entry('nobody')).toBeNull();
    expect(mirror.around('nobody', 3)).toEqual([]);
  });

  it.each([5, 200])(
    'patched change by change (%i at once) holds the board sorted and ranked from scratch',
    (perPatch) => {
      const next = random(perPatch);
      const names = ['Ann', 'ann', 'Bob', 'Rep 2', 'Rep 10', 'Zoë', 'zoe', 'Émile'];
      const current = new Map<string, LeaderboardEntry>();
      for (let i = 0; i < 300; i++) {
        const id = `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`;
        current.set(id, entry(id, names[next(names.length)], next(5) * 10));
      }
      const mirror = new BoardMirror(ranked([...current.values()]), 0);
      const ids = [...current.keys()];
      for (let seq = 1; seq <= 40; seq++) {
        const changes = Array.from({ length: perPatch }, () => {
          const id = ids[next(ids.length)];
          // Up, down, off the board and back, renamed: every kind of change.
          const roll = next(10);
          const old = current.get(id);
          const changed =
            roll === 0
              ? null
              : entry(
                  id,
                  roll === 1 ? names[next(names.length)] : (old?.participant.name ?? 'New'),
                  Math.max(0, (old?.points ?? 0) + (next(7) - 3) * 10),
                );
          if (changed) current.set(id, changed);
          else current.delete(id);
          return { id, entry: changed };
        });
        mirror.apply(changes, seq);
        const expected = ranked([...current.values()]);
        expect(mirror.seq).toBe(seq);
        expect(mirror.size).toBe(expected.length);
        expect(mirror.top(expected.length)).toEqual(expected);
        const probe = expected[next(expected.length)].participant.id;
        const at = expected.findIndex((e) => e.participant.id === probe);
        expect(mirror.around(probe, 3)).toEqual(expected.slice(Math.max(0, at - 3), at + 4));
      }
    },
  );
});
