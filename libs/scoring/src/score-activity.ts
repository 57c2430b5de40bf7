import type Decimal from 'decimal.js';
import { ScoringDecimal, decimalString, toDecimal } from './decimal';
import { localDay } from './local-day';
import { multiplierAt } from './multipliers';
import type {
  DecimalInput,
  RuleUsage,
  ScoredActivity,
  ScoringActivity,
  ScoringContest,
  ScoringRule,
} from './types';

/** The rule for a type; with (invalid) duplicates the first one wins. */
export function ruleFor(
  contest: Pick<ScoringContest, 'rules'>,
  activityType: string,
): ScoringRule | undefined {
  return contest.rules.find((rule) => rule.activityType === activityType);
}

/** SPEC §3.1: `startsAt ≤ occurredAt < endsAt`. */
export function isWithinContest(
  contest: Pick<ScoringContest, 'startsAt' | 'endsAt'>,
  occurredAt: Date,
): boolean {
  const time = occurredAt.getTime();
  return contest.startsAt.getTime() <= time && time < contest.endsAt.getTime();
}

/** What is left of a cap after `used` units; a missing cap leaves an unlimited amount. */
function remaining(cap: ScoringRule['dailyCap'], used: DecimalInput): Decimal | null {
  if (cap === undefined || cap === null) return null;
  return toDecimal(cap).minus(toDecimal(used));
}

/**
 * SPEC §3.3–3.4 for one activity, the incremental primitive. `usage` is what this participant
 * already has counted under the activity's rule, from activities earlier in the fixed order
 * (`compareActivities`): in total, and on this activity's local day (`ruleUsageOf` computes it
 * from stored explanation lines). Returns null when the activity is not eligible: its type has
 * no rule or it falls outside `[startsAt, endsAt)`. Points are exact, never rounded.
 */
export function scoreActivity(
  contest: ScoringContest,
  activity: ScoringActivity,
  usage: RuleUsage,
): ScoredActivity | null {
  const rule = ruleFor(contest, activity.activityType);
  if (!rule || !isWithinContest(contest, activity.occurredAt)) return null;
  return scoreUnderRule(
    contest,
    rule,
    activity,
    usage,
    localDay(activity.occurredAt, contest.timezone),
  );
}

/** `scoreActivity` once eligibility is known and the local day computed (internal). */
export function scoreUnderRule(
  contest: Pick<ScoringContest, 'multipliers'>,
  rule: ScoringRule,
  activity: ScoringActivity,
  usage: RuleUsage,
  day: string,
): ScoredActivity {
  const quantity = toDecimal(activity.quantity);
  let counted: Decimal = quantity;
  for (const left of [
    remaining(rule.dailyCap, usage.dayUnits),
    remaining(rule.totalCap, usage.totalUnits),
  ]) {
    if (left !== null && left.lessThan(counted)) counted = left;
  }
  if (counted.isNegative() || counted.isZero()) counted = new ScoringDecimal(0);

  const multiplier = multiplierAt(contest, activity.activityType, activity.occurredAt);
  const points = counted.times(toDecimal(rule.pointsPerUnit)).times(multiplier);

  return {
    activityId: activity.id,
    userId: activity.userId,
    activityType: activity.activityType,
    quantity: decimalString(quantity),
    occurredAt: activity.occurredAt,
    localDay: day,
    countedUnits: decimalString(counted),
    multiplier: decimalString(multiplier),
    points: decimalString(points),
  };
}

/**
 * The `RuleUsage` for scoring one more activity of `activityType` on `day`, from a participant's
 * already scored lines (all of them earlier in the fixed order). Rules are one per type, so the
 * type identifies the rule.
 */
export function ruleUsageOf(
  scored: readonly Pick<ScoredActivity, 'activityType' | 'localDay' | 'countedUnits'>[],
  activityType: string,
  day: string,
): { totalUnits: string; dayUnits: string } {
  let total: Decimal = new ScoringDecimal(0);
  let onDay: Decimal = new ScoringDecimal(0);
  for (const line of scored) {
    if (line.activityType !== activityType) continue;
    const counted = toDecimal(line.countedUnits);
    total = total.plus(counted);
    if (line.localDay === day) onDay = onDay.plus(counted);
  }
  return { totalUnits: decimalString(total), dayUnits: decimalString(onDay) };
}
