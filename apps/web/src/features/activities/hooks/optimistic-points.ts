import type { ContestRule } from '@arena/contracts';

/**
 * The points a logged activity is expected to add, shown at once while the server scores it.
 * An estimate by design: caps and power hours are the server's to apply, and the live board
 * replaces the estimate within a moment.
 */
export function estimatePoints(
  rules: readonly ContestRule[],
  activityType: string,
  quantity: number,
): number {
  const rule = rules.find((candidate) => candidate.activityType === activityType);
  if (!rule || quantity <= 0) return 0;
  const units = rule.totalCap == null ? quantity : Math.min(quantity, rule.totalCap);
  const capped = rule.dailyCap == null ? units : Math.min(units, rule.dailyCap);
  return Math.round(capped * rule.pointsPerUnit * 100) / 100;
}
