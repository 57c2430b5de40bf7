/**
 * Newest first, at most `max` items, no id twice: what every list on an unattended TV is, so a
 * week of activity costs the same memory as a minute of it.
 */
export function prependBounded<T extends { id: string }>(
  list: readonly T[],
  incoming: readonly T[],
  max: number,
): T[] {
  const seen = new Set<string>();
  const result: T[] = [];
  for (const item of [...incoming].reverse().concat(list)) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    result.push(item);
    if (result.length === max) break;
  }
  return result;
}
