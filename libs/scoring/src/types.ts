import type Decimal from 'decimal.js';

/**
 * Exact decimal input: strings like "12.50" are preferred; numbers are read via their shortest
 * string form (so `0.1` is exactly 0.1); a Decimal of any configuration is copied digit for digit.
 *
 * Every decimal the engine returns as a string is in one normalised form: plain notation (never an
 * exponent), no trailing zeros and no trailing point, "-" only for values below zero, "0" for zero
 * (e.g. "12.5", "0.3", "1234.56", "0"). Values are exact, not rounded: only `roundPoints` rounds,
 * to exactly 2 decimals ("12.50"), for display.
 */
export type DecimalInput = string | number | Decimal;

/** SPEC §3.3: points per unit of a type, with optional caps in units. */
export interface ScoringRule {
  activityType: string;
  /** > 0 */
  pointsPerUnit: DecimalInput;
  /** Units counted per participant per local day (contest time zone); absent/null = no cap. */
  dailyCap?: DecimalInput | null;
  /** Units counted per participant over the whole contest; absent/null = no cap. */
  totalCap?: DecimalInput | null;
}

/** SPEC §3.4: a "power hour". Applies to `activityTypes`, or to every type when absent/empty. */
export interface MultiplierWindow {
  startsAt: Date;
  /** exclusive */
  endsAt: Date;
  factor: DecimalInput;
  activityTypes?: readonly string[] | null;
}

/** What the engine needs of a contest. */
export interface ScoringContest {
  startsAt: Date;
  /** exclusive */
  endsAt: Date;
  /** IANA time zone; local days for daily caps are calendar days here. */
  timezone: string;
  rules: readonly ScoringRule[];
  multipliers: readonly MultiplierWindow[];
  goalPoints?: DecimalInput | null;
}

/**
 * A non-voided activity of one participant (the caller leaves voided ones out). Ids are unique:
 * `(occurredAt, id)` is the fixed processing order.
 */
export interface ScoringActivity {
  id: string;
  userId: string;
  activityType: string;
  /** > 0 */
  quantity: DecimalInput;
  occurredAt: Date;
}

/** One line of a score's explanation (SPEC §3.6). Decimal values are exact, normalised strings. */
export interface ScoredActivity {
  activityId: string;
  userId: string;
  activityType: string;
  quantity: string;
  occurredAt: Date;
  /** `YYYY-MM-DD` in the contest's time zone. */
  localDay: string;
  countedUnits: string;
  multiplier: string;
  points: string;
}

/** Per activity type (SPEC §3.6); exact, normalised strings. */
export interface BreakdownLine {
  activityType: string;
  /** Raw quantity of the eligible activities, before caps. */
  units: string;
  countedUnits: string;
  points: string;
}

export interface ParticipantScore {
  userId: string;
  /** Exact sum, unrounded (normalised string); `roundPoints` gives the 2-decimal display value. */
  points: string;
  /** In processing order: (occurredAt, id). */
  explanation: ScoredActivity[];
  /** One line per activity type that has a rule and at least one eligible activity, sorted by type. */
  breakdown: BreakdownLine[];
}

/** Units already counted for a participant under one rule: for scoring one more activity incrementally. */
export interface RuleUsage {
  /** Over the whole contest so far. */
  totalUnits: DecimalInput;
  /** On the local day of the activity being scored. */
  dayUnits: DecimalInput;
}

export type TeamAggregation = 'sum' | 'average';

export interface RankableEntry {
  name: string;
  /** The last tie-break after the name (SPEC §3); entries without one sort first among equal names. */
  id?: string;
  /** Exact points (any precision); ranking compares them rounded half-up to 2 decimals. */
  points: DecimalInput;
}
