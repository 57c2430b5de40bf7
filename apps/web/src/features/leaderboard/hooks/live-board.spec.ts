import type { LeaderboardUpdate } from '@arena/contracts';
import { buildBoard, entry } from '../../../../test/build-board';
import { stepLiveBoard } from './live-board';

const board = buildBoard(4, [
  entry('sofia', 'Sofia', 1, 30),
  entry('maya', 'Maya', 2, 20),
  entry('omar', 'Omar', 3, 10),
]);

const update = (seq: number, rest: Partial<LeaderboardUpdate> = {}): LeaderboardUpdate => ({
  contestId: 'contest-1',
  seq,
  entries: [],
  removed: [],
  total: 3,
  ...rest,
});

describe('stepLiveBoard', () => {
  it('applies a patch, re-orders the board and remembers who moved which way', () => {
    const step = stepLiveBoard(
      board,
      {},
      update(5, {
        entries: [
          { id: 'maya', rank: 1, movement: 1, points: 45 },
          { id: 'sofia', rank: 2, movement: -1 },
        ],
      }),
    );
    expect(step.kind).toBe('applied');
    if (step.kind !== 'applied') return;
    expect(step.board.seq).toBe(5);
    expect(step.board.entries.map((e) => [e.participant.id, e.rank, e.points])).toEqual([
      ['maya', 1, 45],
      ['sofia', 2, 30],
      ['omar', 3, 10],
    ]);
    expect(step.movements).toEqual({ maya: 1, sofia: -1 });
  });

  it('keeps earlier movements of rows the update does not touch, forgets removed ones', () => {
    const step = stepLiveBoard(
      board,
      { omar: -1, sofia: 2 },
      update(5, { entries: [{ id: 'maya', points: 25 }], removed: ['sofia'], total: 2 }),
    );
    if (step.kind !== 'applied') throw new Error(step.kind);
    expect(step.movements).toEqual({ omar: -1 });
    expect(step.board.entries.map((e) => e.participant.id)).toEqual(['maya', 'omar']);
  });

  it('asks for a fresh snapshot after a gap and ignores what it already has', () => {
    expect(stepLiveBoard(board, {}, update(7)).kind).toBe('gap');
    expect(stepLiveBoard(board, {}, update(4)).kind).toBe('stale');
    expect(stepLiveBoard(board, {}, { ...update(5), contestId: 'other' }).kind).toBe('stale');
  });
});
