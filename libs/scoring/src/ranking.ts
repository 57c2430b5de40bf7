import { compareNames } from '@arena/contracts';
import { roundPoints, toDecimal } from './decimal';
import type { DecimalInput, RankableEntry } from './types';

export { compareNames };

/**
 * SPEC §3 ranking: highest points first, compared as displayed (rounded half-up to 2 decimals);
 * equal scores share a rank with standard competition ranking (1, 2, 2, 4) and are listed by
 * name, then id (SPEC §3). Returns new objects (own enumerable properties of each entry plus `rank`).
 */
export function rankEntries<T extends RankableEntry>(
  entries: readonly T[],
): Array<T & { rank: number }> {
  const keyed = entries.map((entry) => ({ entry, rounded: toDecimal(roundPoints(entry.points)) }));
  keyed.sort(
    (a, b) =>
      b.rounded.comparedTo(a.rounded) ||
      compareNames(
        { name: a.entry.name, id: a.entry.id ?? '' },
        { name: b.entry.name, id: b.entry.id ?? '' },
      ),
  );
  let rank = 0;
  return keyed.map((item, index) => {
    if (index === 0 || !item.rounded.equals(keyed[index - 1].rounded)) rank = index + 1;
    return { ...item.entry, rank };
  });
}

/** SPEC §3: false without a goal; otherwise whether the displayed (rounded) points reach it. */
export function goalReached(
  points: DecimalInput,
  goalPoints: DecimalInput | null | undefined,
): boolean {
  if (goalPoints === null || goalPoints === undefined) return false;
  return toDecimal(roundPoints(points)).greaterThanOrEqualTo(toDecimal(goalPoints));
}
