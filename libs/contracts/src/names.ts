// One collator instead of `localeCompare(…, 'en')` per comparison: same order, much cheaper.
const nameCollator = new Intl.Collator('en');

/**
 * The order of participants' names on every board (ties in rank are listed by name): English
 * collation, then raw code units so distinct names never tie. Shared by the scoring engine and
 * every client that applies live updates.
 */
export function compareNames(a: string, b: string): number {
  const byCollation = nameCollator.compare(a, b);
  if (byCollation !== 0) return byCollation;
  return a < b ? -1 : a > b ? 1 : 0;
}
