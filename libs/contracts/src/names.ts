/**
 * SPEC §3: tied entries are listed by name in natural, case- and accent-insensitive order ("Rep 5"
 * before "Rep 10"), then by id. PostgreSQL sorts the same way with the ICU collation `arena_names`
 * (`en-u-kn-true-ks-level1`: numeric, primary strength), so a page read from the database's index
 * and a board sorted here agree.
 */
const nameCollator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * The order of participants on every board within a tie: by name (SPEC §3 collation), then by id
 * (uuid text order, which is PostgreSQL's uuid order) so that no two participants ever tie.
 * Shared by the scoring engine and every client that applies live updates.
 */
export function compareNames(
  a: { name: string; id: string },
  b: { name: string; id: string },
): number {
  const byName = nameCollator.compare(a.name, b.name);
  if (byName !== 0) return byName;
  const x = a.id.toLowerCase();
  const y = b.id.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
