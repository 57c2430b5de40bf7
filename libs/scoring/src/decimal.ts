import Decimal from 'decimal.js';
import type { DecimalInput } from './types';

/**
 * The engine's own Decimal constructor, so results never depend on the global Decimal config.
 * 40 significant digits keep every product and sum of realistic inputs exact (a quantity, a rate
 * and a few factors of a handful of digits each); only `aggregateTeam`'s average ever divides.
 * The exponent thresholds make `toString` always use plain notation.
 */
export const ScoringDecimal = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});

/** Reads a decimal exactly; throws a RangeError for anything that is not a finite number. */
export function toDecimal(value: DecimalInput): Decimal {
  let parsed: Decimal;
  try {
    parsed = new ScoringDecimal(value);
  } catch {
    throw new RangeError(`Not a decimal number: ${String(value)}`);
  }
  if (!parsed.isFinite()) throw new RangeError(`Not a finite decimal number: ${String(value)}`);
  return parsed;
}

/** The normalised string form documented on `DecimalInput` ("12.5", "0", never "-0" or "1e-7"). */
export function decimalString(value: DecimalInput): string {
  const parsed = toDecimal(value);
  return parsed.isZero() ? '0' : parsed.toString();
}

/** Half-up to exactly 2 decimals, for display and comparison: "0.30", "12.00", "-0.01". */
export function roundPoints(value: DecimalInput): string {
  const rounded = toDecimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  // Avoid "-0.00" for tiny negative values.
  return rounded.isZero() ? '0.00' : rounded.toFixed(2);
}

/** `roundPoints` as a JSON number. */
export function toPointsNumber(value: DecimalInput): number {
  return Number(roundPoints(value));
}
