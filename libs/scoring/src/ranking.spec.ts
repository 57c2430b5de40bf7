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

  it('lists tied names by id (SPEC §3), whatever the input order', () => {
    const tie = [
      { id: 'c', name: 'Sam', points: '1' },
      { id: 'a', name: 'sam', points: '1' },
      { id: 'b', name: 'SÁM', points: '1' },
    ];
    expect(rankEntries(tie).map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(rankEntries([...tie].reverse()).map((e) => e.id)).toEqual(['a', 'b', 'c']);
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
  const sorted = (names: string[]) =>
    names
      .map((name, i) => ({ name, id: `00000000-0000-0000-0000-00000000000${i}` }))
      .sort(compareNames)
      .map((entry) => entry.name);

  it('orders names naturally, ignoring case and accents (SPEC §3)', () => {
    expect(sorted(['Rep 10', 'rep 2', 'Rep 1', 'Émile', 'zoë', 'Bob', 'alice'])).toEqual([
      'alice',
      'Bob',
      'Émile',
      'Rep 1',
      'rep 2',
      'Rep 10',
      'zoë',
    ]);
  });

  it('breaks a tie of equal names (by collation) by id', () => {
    const a = { name: 'Émile', id: 'b0000000-0000-0000-0000-000000000000' };
    const b = { name: 'emile', id: 'a0000000-0000-0000-0000-000000000000' };
    expect(compareNames(a, b)).toBeGreaterThan(0);
    expect(compareNames(b, a)).toBeLessThan(0);
    expect(compareNames(a, { ...a })).toBe(0);
    // Canonically equal spellings tie on the name too, so the id decides.
    expect(compareNames({ name: 'e\u0301', id: 'b' }, { name: '\u00e9', id: 'a' })).toBeGreaterThan(
      0,
    );
  });

  it('compares ids as PostgreSQL orders uuids (lower-case hex)', () => {
    const upper = { name: 'x', id: 'B0000000-0000-0000-0000-000000000000' };
    const lower = { name: 'x', id: 'a0000000-0000-0000-0000-000000000000' };
    expect(compareNames(lower, upper)).toBeLessThan(0);
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
