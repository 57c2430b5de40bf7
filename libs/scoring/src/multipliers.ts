import type Decimal from 'decimal.js';
import { ScoringDecimal, toDecimal } from './decimal';
import type { MultiplierWindow, ScoringContest } from './types';

/** A window with no (or an empty) `activityTypes` list applies to every type. */
export function windowAppliesTo(window: MultiplierWindow, activityType: string): boolean {
  const types = window.activityTypes;
  return !types || types.length === 0 || types.includes(activityType);
}

/**
 * SPEC §3.4: the product of the factors of every window with `startsAt ≤ occurredAt < endsAt`
 * that applies to the type; 1 when none does.
 */
export function multiplierAt(
  contest: Pick<ScoringContest, 'multipliers'>,
  activityType: string,
  occurredAt: Date,
): Decimal {
  const time = occurredAt.getTime();
  let product: Decimal = new ScoringDecimal(1);
  for (const window of contest.multipliers) {
    if (
      window.startsAt.getTime() <= time &&
      time < window.endsAt.getTime() &&
      windowAppliesTo(window, activityType)
    ) {
      product = product.times(toDecimal(window.factor));
    }
  }
  return product;
}
