import type Decimal from 'decimal.js';
import { ScoringDecimal, decimalString, toDecimal } from './decimal';
import type { DecimalInput, TeamAggregation } from './types';

/**
 * SPEC §3 team mode: the exact sum of the current members' points, or that sum divided by the
 * member count for `average` (members with zero points count; no members gives "0"). The
 * division is carried at the engine's 40 significant digits; callers round for display.
 */
export function aggregateTeam(
  memberPoints: readonly DecimalInput[],
  aggregation: TeamAggregation,
): string {
  let sum: Decimal = new ScoringDecimal(0);
  for (const points of memberPoints) sum = sum.plus(toDecimal(points));
  switch (aggregation) {
    case 'sum':
      return decimalString(sum);
    case 'average':
      return memberPoints.length === 0 ? '0' : decimalString(sum.dividedBy(memberPoints.length));
    default:
      throw new RangeError(`Unknown team aggregation: ${String(aggregation satisfies never)}`);
  }
}
