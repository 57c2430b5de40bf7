import type Decimal from 'decimal.js';
import { breakdownOf, totalPointsOf } from './breakdown';
import { ScoringDecimal, toDecimal } from './decimal';
import { localDay } from './local-day';
import { compareActivities } from './order';
import { isWithinContest, ruleFor, scoreUnderRule } from './score-activity';
import type {
  ParticipantScore,
  ScoredActivity,
  ScoringActivity,
  ScoringContest,
  ScoringRule,
} from './types';

/** Units counted so far under one rule: in total and per local day. */
interface RunningUsage {
  total: Decimal;
  byDay: Map<string, Decimal>;
}

/**
 * SPEC §3 steps 1–6 for one participant: a pure function of the contest and the activities, so
 * any arrival order, retry or server gives the same result. Activities of other users are
 * ignored; the caller leaves voided ones out. Every eligible activity gets an explanation line,
 * including those a cap counted as 0. Equivalent to feeding the eligible activities, in
 * `compareActivities` order, to `scoreActivity` with the running usage.
 */
export function scoreParticipant(
  contest: ScoringContest,
  userId: string,
  activities: readonly ScoringActivity[],
): ParticipantScore {
  const eligible: { activity: ScoringActivity; rule: ScoringRule }[] = [];
  for (const activity of activities) {
    if (activity.userId !== userId || !isWithinContest(contest, activity.occurredAt)) continue;
    const rule = ruleFor(contest, activity.activityType);
    if (rule) eligible.push({ activity, rule });
  }
  eligible.sort((a, b) => compareActivities(a.activity, b.activity));

  const usageByType = new Map<string, RunningUsage>();
  const explanation: ScoredActivity[] = [];
  for (const { activity, rule } of eligible) {
    let usage = usageByType.get(activity.activityType);
    if (!usage) {
      usage = { total: new ScoringDecimal(0), byDay: new Map() };
      usageByType.set(activity.activityType, usage);
    }
    const day = localDay(activity.occurredAt, contest.timezone);
    const dayUnits = usage.byDay.get(day) ?? new ScoringDecimal(0);

    const scored = scoreUnderRule(
      contest,
      rule,
      activity,
      { totalUnits: usage.total, dayUnits },
      day,
    );
    const counted = toDecimal(scored.countedUnits);
    usage.total = usage.total.plus(counted);
    usage.byDay.set(day, dayUnits.plus(counted));
    explanation.push(scored);
  }

  return {
    userId,
    points: totalPointsOf(explanation),
    explanation,
    breakdown: breakdownOf(explanation),
  };
}
