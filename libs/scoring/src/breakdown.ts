import type Decimal from 'decimal.js';
import { ScoringDecimal, decimalString, toDecimal } from './decimal';
import type { BreakdownLine, ScoredActivity } from './types';

interface Totals {
  units: Decimal;
  counted: Decimal;
  points: Decimal;
}

/**
 * SPEC §3.6: one line per activity type among the scored (eligible) activities, sorted by type
 * in code-unit order. Usable on stored explanation lines as well as on a fresh computation.
 */
export function breakdownOf(
  explanation: readonly Pick<
    ScoredActivity,
    'activityType' | 'quantity' | 'countedUnits' | 'points'
  >[],
): BreakdownLine[] {
  const byType = new Map<string, Totals>();
  for (const line of explanation) {
    let totals = byType.get(line.activityType);
    if (!totals) {
      const zero = new ScoringDecimal(0);
      totals = { units: zero, counted: zero, points: zero };
      byType.set(line.activityType, totals);
    }
    totals.units = totals.units.plus(toDecimal(line.quantity));
    totals.counted = totals.counted.plus(toDecimal(line.countedUnits));
    totals.points = totals.points.plus(toDecimal(line.points));
  }
  return [...byType.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([activityType, totals]) => ({
      activityType,
      units: decimalString(totals.units),
      countedUnits: decimalString(totals.counted),
      points: decimalString(totals.points),
    }));
}

/** The exact sum of the explanation's points (SPEC §3.5, before display rounding). */
export function totalPointsOf(explanation: readonly Pick<ScoredActivity, 'points'>[]): string {
  let total: Decimal = new ScoringDecimal(0);
  for (const line of explanation) total = total.plus(toDecimal(line.points));
  return decimalString(total);
}
