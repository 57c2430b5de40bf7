import { compareNames, goalReached, rankEntries } from './ranking';

describe('rankEntries', () => {
  it('ranks highest first with standard competition ranking, ties listed by name', () => {
    const ranked = rankEntries([
      { id: 'u-dave', name: 'Dave', points: '5' },
      { id: 'u-bob', name: 'Bob', points: '10' },
      { id: 'u-carol', name: 'Carol', points: '12.5' },
      { id: 'u-alice', name: 'alice', points: '10.004' }, // 10.00 as displayed: ties with Bob
    ]);
    expect(ranked.map((e) => [e.rank, e.name, e.id])).toEqual([
      [1, 'Carol', 'u-carol'],
      [2, 'alice', 'u-alice'],
      [2, 'Bob', 'u-bob'],
      [4, 'Dave', 'u-dave'],
    ]);
  });

  it('compares the rounded points, so 9.995 ties with 10 but 9.994 does not', () => {
    const ranked = rankEntries([
      { name: 'A', points: '9.994' },
      { name: 'B', points: '9.995' },
      { name: 'C', points: 10 },
    ]);
    expect(ranked.map((e) => [e.name, e.rank])).toEqual([
      ['B', 1],
      ['C', 1],
      ['A', 3],
    ]);
  });

  it('handles ties beyond two, all-zero boards and empty boards', () => {
    const ranked = rankEntries([
      { name: 'd', points: '0' },
      { name: 'c', points: '0' },
      { name: 'b', points: '0' },
      { name: 'a', points: '1' },
    ]);
    expect(ranked.map((e) => `${e.rank}${e.name}`)).toEqual(['1a', '2b', '2c', '2d']);
    expect(rankEntries([])).toEqual([]);
  });

  it('does not mutate its input', () => {
    const entries = [
      { name: 'B', points: '1' },
      { name: 'A', points: '2' },
    ];
    rankEntries(entries);
    expect(entries).toEqual([
      { name: 'B', points: '1' },
      { name: 'A', points: '2' },
    ]);
  });
});

describe('compareNames', () => {
  it('uses English collation, then code units so different names never tie', () => {
    expect(['Zoë', 'bob', 'Émile', 'alice', 'Bob'].sort(compareNames)).toEqual([
      'alice',
      'bob',
      'Bob',
      'Émile',
      'Zoë',
    ]);
    expect(compareNames('e\u0301', '\u00e9')).not.toBe(0); // canonically equal, different code units
    expect(compareNames('same', 'same')).toBe(0);
  });
});

describe('goalReached', () => {
  it('is false without a goal', () => {
    expect(goalReached('1000', null)).toBe(false);
    expect(goalReached('1000', undefined)).toBe(false);
  });

  it('is true at exactly the goal and above, comparing the displayed (rounded) points', () => {
    expect(goalReached('100', '100')).toBe(true);
    expect(goalReached('100.00', 100)).toBe(true);
    expect(goalReached('99.995', '100')).toBe(true);
    expect(goalReached('99.994999', '100')).toBe(false);
    expect(goalReached('150', '100')).toBe(true);
    expect(goalReached('0', '0.01')).toBe(false);
  });
});
