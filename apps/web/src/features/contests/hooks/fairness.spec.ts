import { entry } from '../../../../test/build-board';
import { fairness } from './fairness';

describe('fairness', () => {
  it('warns when one rep would run away with it', () => {
    const hint = fairness([
      entry('a', 'A', 1, 800),
      entry('b', 'B', 2, 100),
      entry('c', 'C', 3, 100),
    ]);
    expect(hint.leaderShare).toBeCloseTo(0.8);
    expect(hint.inTopThree).toBe(3);
    expect(hint.warning).toMatch(/leader would hold 80%/);
  });

  it('warns when most would score nothing, and when nobody would', () => {
    const few = fairness([
      entry('a', 'A', 1, 40),
      entry('b', 'B', 2, 35),
      entry('c', 'C', 3, 30),
      ...['d', 'e', 'f', 'g'].map((id) => entry(id, id, 4, 0)),
    ]);
    expect(few.warning).toMatch(/Only 3 of 7/);
    expect(fairness([entry('a', 'A', 1, 0), entry('b', 'B', 1, 0)]).warning).toMatch(/Nobody/);
  });

  it('stays quiet about a close race', () => {
    const hint = fairness([
      entry('a', 'A', 1, 120),
      entry('b', 'B', 2, 110),
      entry('c', 'C', 3, 90),
    ]);
    expect(hint.warning).toBeNull();
    expect(hint.scoring).toBe(3);
  });
});
