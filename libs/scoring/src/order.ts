import type { ScoringActivity } from './types';

/**
 * The fixed processing order of SPEC §3.2: by `occurredAt`, ties by `id` compared as raw UTF-16
 * code units (locale-independent), so every server and every arrival order agree.
 */
export function compareActivities(
  a: Pick<ScoringActivity, 'id' | 'occurredAt'>,
  b: Pick<ScoringActivity, 'id' | 'occurredAt'>,
): number {
  const byTime = a.occurredAt.getTime() - b.occurredAt.getTime();
  if (byTime !== 0) return byTime;
  if (a.id < b.id) return -1;
  if (a.id > b.id) return 1;
  return 0;
}
