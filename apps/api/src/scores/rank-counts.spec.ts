import { hundredths, RankCounts } from './rank-counts';

/** A deterministic generator (mulberry32): the same cases on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('RankCounts', () => {
  it('counts what a list of every entry counts, through adds, removals, splits and merges', () => {
    for (const [seed, spread] of [
      [1, 20],
      [2, 3_000],
      [3, 200_000],
    ]) {
      const next = random(seed);
      const model = new Map<number, number>();
      const counts = RankCounts.of([]);
      const entries: number[] = [];
      const seen: number[][] = [];
      const wanted: number[][] = [];
      for (let step = 0; step < 6_000; step++) {
        // Mostly adds at first, then as many removals as adds: blocks split and empty out.
        if (entries.length > 0 && next() < (step < 3_000 ? 0.2 : 0.55)) {
          const at = Math.floor(next() * entries.length);
          const key = entries[at];
          entries.splice(at, 1);
          counts.add(key, -1);
          model.set(key, (model.get(key) ?? 0) - 1);
        } else {
          const key = Math.floor((next() - 0.3) * spread);
          entries.push(key);
          counts.add(key, 1);
          model.set(key, (model.get(key) ?? 0) + 1);
        }
        // Every 97 steps: the size, and the counts at some entries and a few other points.
        const probes =
          step % 97 === 0 || step === 5_999
            ? [...entries.slice(0, 20), -spread, spread, 0, Math.floor(next() * spread)]
            : [];
        seen.push([counts.size, ...probes.flatMap((p) => [counts.above(p), counts.at(p)])]);
        wanted.push([
          entries.length,
          ...probes.flatMap((p) => [entries.filter((e) => e > p).length, model.get(p) ?? 0]),
        ]);
      }
      expect(seen).toEqual(wanted);
      // Listed in descending order with no empty value, as built from scratch.
      const pairs = [...counts.pairs()];
      expect(pairs).toEqual([...model].filter(([, n]) => n !== 0).sort((a, b) => b[0] - a[0]));
      expect([...RankCounts.of(pairs).pairs()]).toEqual(pairs);
    }
  });

  it('reads displayed points in hundredths', () => {
    expect(hundredths('12.50')).toBe(1250);
    expect(hundredths('-3.00')).toBe(-300);
    expect(hundredths('0.07')).toBe(7);
    expect(hundredths('7')).toBe(700);
    expect(hundredths('123456789.99')).toBe(12345678999);
  });
});
