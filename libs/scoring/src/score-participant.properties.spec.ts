import type Decimal from 'decimal.js';
import fc from 'fast-check';
import { breakdownOf, totalPointsOf } from './breakdown';
import { ScoringDecimal, decimalString, toDecimal } from './decimal';
import { localDay } from './local-day';
import { multiplierAt } from './multipliers';
import { compareActivities } from './order';
import { rankEntries } from './ranking';
import { isWithinContest, ruleFor, ruleUsageOf, scoreActivity } from './score-activity';
import { scoreParticipant } from './score-participant';
import type {
  DecimalInput,
  MultiplierWindow,
  ParticipantScore,
  ScoredActivity,
  ScoringActivity,
  ScoringContest,
  ScoringRule,
} from './types';

/*
 * SPEC §3 "a pure function of the definition and the set of activities", checked on random
 * contests and logs: any order, any batching, voids and late arrivals give the same score.
 */

const RUNS = { numRuns: 200 };
const ZONES = [
  'UTC',
  'America/New_York',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'America/St_Johns',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Europe/London',
];
const RULE_TYPES = ['call', 'meeting', 'demo', 'revenue'];
const LOG_TYPES = [...RULE_TYPES, 'site_visit'];
const USERS = ['u1', 'u2', 'u3'];
const QUARTER_HOUR = 15 * 60_000;
// Around the 2024 DST changes of New York (Mar 10) and Lord Howe / Santiago (Apr 7).
const BASES = [Date.UTC(2024, 2, 8), Date.UTC(2024, 3, 5)];

const cents = (value: number): string =>
  `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;

const quantityArb: fc.Arbitrary<DecimalInput> = fc.oneof(
  fc.integer({ min: 1, max: 5 }).map(String),
  fc.integer({ min: 1, max: 200_000 }).map(cents),
  fc.constantFrom<DecimalInput>(1, 3, 0.1, 12.5, 1234.56),
);
const pointsArb: fc.Arbitrary<DecimalInput> = fc.oneof(
  fc.constantFrom<DecimalInput>('1', '2', '5', '0.1', '0.01', '0.25', '3.5', 0.1),
  fc.integer({ min: 1, max: 1000 }).map(cents),
);
const capArb: fc.Arbitrary<DecimalInput | null | undefined> = fc.oneof(
  fc.constantFrom(undefined, null),
  fc.integer({ min: 0, max: 8 }),
  fc.integer({ min: 0, max: 50_000 }).map(cents),
);
const ruleArb: fc.Arbitrary<ScoringRule> = fc.record({
  activityType: fc.constantFrom(...RULE_TYPES),
  pointsPerUnit: pointsArb,
  dailyCap: capArb,
  totalCap: capArb,
});

interface Scenario {
  contest: ScoringContest;
  log: ScoringActivity[];
}

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    base: fc.constantFrom(...BASES),
    startQuarter: fc.integer({ min: 0, max: 4 * 48 }),
    lengthQuarters: fc.integer({ min: 4, max: 4 * 24 * 6 }),
    timezone: fc.constantFrom(...ZONES),
    rules: fc.uniqueArray(ruleArb, { selector: (r) => r.activityType, minLength: 1, maxLength: 4 }),
  })
  .chain(({ base, startQuarter, lengthQuarters, timezone, rules }) => {
    const startsAt = base + startQuarter * QUARTER_HOUR;
    const endsAt = startsAt + lengthQuarters * QUARTER_HOUR;
    // Quarter-hour slots from half a day before to half a day after: ties in occurredAt are
    // common, and some activities fall outside the contest.
    const slotArb = fc
      .integer({ min: -48, max: lengthQuarters + 48 })
      .map((slot) => new Date(startsAt + slot * QUARTER_HOUR));
    const windowArb: fc.Arbitrary<MultiplierWindow> = fc
      .record({
        from: fc.integer({ min: -16, max: lengthQuarters }),
        length: fc.integer({ min: 1, max: 4 * 48 }),
        factor: fc.constantFrom<DecimalInput>('2', '1.5', '3', '0.5', '1.25', 2),
        activityTypes: fc.oneof(fc.constantFrom(undefined, null), fc.subarray(LOG_TYPES)),
      })
      .map(({ from, length, factor, activityTypes }) => ({
        startsAt: new Date(startsAt + from * QUARTER_HOUR),
        endsAt: new Date(startsAt + (from + length) * QUARTER_HOUR),
        factor,
        activityTypes,
      }));
    const activityArb: fc.Arbitrary<ScoringActivity> = fc.record({
      id: fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 3 })),
      userId: fc.constantFrom(...USERS),
      // Mostly types with a rule, so caps and multipliers get exercised.
      activityType: fc.oneof(
        { arbitrary: fc.constantFrom(...rules.map((r) => r.activityType)), weight: 4 },
        { arbitrary: fc.constantFrom(...LOG_TYPES), weight: 1 },
      ),
      quantity: quantityArb,
      occurredAt: slotArb,
    });
    return fc.record({
      contest: fc.record({
        startsAt: fc.constant(new Date(startsAt)),
        endsAt: fc.constant(new Date(endsAt)),
        timezone: fc.constant(timezone),
        rules: fc.constant(rules),
        multipliers: fc.array(windowArb, { maxLength: 3 }),
      }),
      log: fc.uniqueArray(activityArb, { selector: (a) => a.id, maxLength: 60, size: 'medium' }),
    });
  });

/** A permutation of `items` driven by random sort keys (missing keys keep the index). */
function permute<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items
    .map((item, index) => ({ item, key: keys[index] ?? index, index }))
    .sort((a, b) => a.key - b.key || a.index - b.index)
    .map(({ item }) => item);
}

const everyone = (log: readonly ScoringActivity[]): string[] => [
  ...new Set([...USERS, ...log.map((a) => a.userId), 'nobody']),
];

/**
 * A model of the API's live store: activities arrive in batches; one that is not earlier than
 * the participant's latest stored activity is scored incrementally from the stored lines,
 * anything back-dated triggers a full recomputation of that participant.
 */
class IncrementalStore {
  readonly stored: ScoringActivity[] = [];
  private readonly lines = new Map<string, ScoredActivity[]>();
  private readonly latest = new Map<string, ScoringActivity>();
  incremental = 0;
  recomputed = 0;

  constructor(private readonly contest: ScoringContest) {}

  add(activity: ScoringActivity): void {
    this.stored.push(activity);
    const latest = this.latest.get(activity.userId);
    if (latest === undefined || compareActivities(activity, latest) > 0) {
      this.latest.set(activity.userId, activity);
      const lines = this.lines.get(activity.userId) ?? [];
      const day = localDay(activity.occurredAt, this.contest.timezone);
      const scored = scoreActivity(
        this.contest,
        activity,
        ruleUsageOf(lines, activity.activityType, day),
      );
      if (scored) lines.push(scored);
      this.lines.set(activity.userId, lines);
      this.incremental += 1;
    } else {
      this.recompute(activity.userId);
    }
  }

  void(activityId: string): void {
    const index = this.stored.findIndex((a) => a.id === activityId);
    const [voided] = this.stored.splice(index, 1);
    this.recompute(voided.userId);
  }

  score(userId: string): ParticipantScore {
    const explanation = this.lines.get(userId) ?? [];
    return {
      userId,
      points: totalPointsOf(explanation),
      explanation,
      breakdown: breakdownOf(explanation),
    };
  }

  private recompute(userId: string): void {
    this.lines.set(userId, scoreParticipant(this.contest, userId, this.stored).explanation);
    this.recomputed += 1;
  }
}

describe('scoreParticipant properties', () => {
  it('(1) gives an identical score for any permutation of the log', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.array(fc.integer(), { minLength: 60, maxLength: 60 }),
        ({ contest, log }, keys) => {
          const shuffled = permute(log, keys);
          const reversed = [...log].reverse();
          for (const userId of everyone(log)) {
            const expected = scoreParticipant(contest, userId, log);
            expect(scoreParticipant(contest, userId, shuffled)).toEqual(expected);
            expect(scoreParticipant(contest, userId, reversed)).toEqual(expected);
          }
        },
      ),
      RUNS,
    );
  });

  it('(2) an incremental store fed batches in any order ends equal to one recomputation', () => {
    let incremental = 0;
    let recomputed = 0;
    fc.assert(
      fc.property(
        scenarioArb,
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 60 }),
        fc.boolean(),
        ({ contest, log }, chronological, sizes, batchKeys, sortWithinBatch) => {
          // A CRM may send in time order or not; either way batches can arrive out of order.
          const source = chronological ? [...log].sort(compareActivities) : log;
          const batches: ScoringActivity[][] = [];
          let offset = 0;
          for (let i = 0; offset < source.length; i += 1) {
            const size = sizes[i] ?? source.length;
            batches.push(source.slice(offset, offset + size));
            offset += size;
          }
          const store = new IncrementalStore(contest);
          for (const batch of permute(batches, batchKeys)) {
            for (const activity of sortWithinBatch ? [...batch].sort(compareActivities) : batch) {
              store.add(activity);
            }
          }
          for (const userId of everyone(log)) {
            expect(store.score(userId)).toEqual(scoreParticipant(contest, userId, log));
          }
          incremental += store.incremental;
          recomputed += store.recomputed;
        },
      ),
      RUNS,
    );
    // Both paths of the model were exercised.
    expect(incremental).toBeGreaterThan(0);
    expect(recomputed).toBeGreaterThan(0);
  });

  it('(3) voiding an activity equals scoring the log without it, and disturbs nothing earlier', () => {
    fc.assert(
      fc.property(
        scenarioArb.filter(({ log }) => log.length > 0),
        fc.nat(),
        ({ contest, log }, pick) => {
          const voided = log[pick % log.length];
          const rest = log.filter((a) => a !== voided);
          const store = new IncrementalStore(contest);
          log.forEach((activity) => store.add(activity));
          const before = scoreParticipant(contest, voided.userId, log);
          store.void(voided.id);

          const users = everyone(log);
          expect(users.map((userId) => store.score(userId))).toEqual(
            users.map((userId) => scoreParticipant(contest, userId, rest)),
          );
          const bystanders = users.filter((userId) => userId !== voided.userId);
          expect(bystanders.map((userId) => scoreParticipant(contest, userId, rest))).toEqual(
            bystanders.map((userId) => scoreParticipant(contest, userId, log)),
          );

          // Lines earlier in the fixed order, and lines of other rules, are untouched.
          const after = scoreParticipant(contest, voided.userId, rest);
          const unaffected = (l: ScoredActivity) =>
            l.activityId !== voided.id &&
            (l.activityType !== voided.activityType ||
              compareActivities({ id: l.activityId, occurredAt: l.occurredAt }, voided) < 0);
          expect(after.explanation.filter(unaffected)).toEqual(
            before.explanation.filter(unaffected),
          );
        },
      ),
      RUNS,
    );
  });

  it('(3b) voiding an activity that counted nothing changes no other line', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), ({ contest, log }, pick) => {
        // Candidates: ineligible activities and those a cap counted as 0.
        const countedSomething = new Set(
          USERS.flatMap((userId) => scoreParticipant(contest, userId, log).explanation)
            .filter((line) => !toDecimal(line.countedUnits).isZero())
            .map((line) => line.activityId),
        );
        const candidates = log.filter((a) => !countedSomething.has(a.id));
        fc.pre(candidates.length > 0);
        const voided = candidates[pick % candidates.length];
        const rest = log.filter((a) => a !== voided);

        const before = scoreParticipant(contest, voided.userId, log);
        const after = scoreParticipant(contest, voided.userId, rest);
        expect(after.explanation).toEqual(
          before.explanation.filter((l) => l.activityId !== voided.id),
        );
        expect(after.points).toBe(before.points);
      }),
      RUNS,
    );
  });

  it('(4) adds up, respects every cap, and explains each eligible activity', () => {
    const capOf = (cap: ScoringRule['dailyCap']) =>
      cap === undefined || cap === null ? new ScoringDecimal(Infinity) : toDecimal(cap);
    const sum = (values: readonly DecimalInput[]) =>
      values.reduce<Decimal>((total, value) => total.plus(value), toDecimal(0));

    fc.assert(
      fc.property(scenarioArb, ({ contest, log }) => {
        for (const userId of everyone(log)) {
          const result = scoreParticipant(contest, userId, log);
          const eligible = log.filter(
            (a) =>
              a.userId === userId &&
              ruleFor(contest, a.activityType) !== undefined &&
              isWithinContest(contest, a.occurredAt),
          );
          expect(result.explanation.map((l) => l.activityId)).toEqual(
            [...eligible].sort(compareActivities).map((a) => a.id),
          );
          expect(result.breakdown.map((l) => l.activityType)).toEqual(
            [...new Set(eligible.map((a) => a.activityType))].sort(),
          );
          expect(sum(result.breakdown.map((l) => l.points)).toString()).toBe(result.points);
          expect(sum(result.explanation.map((l) => l.points)).toString()).toBe(result.points);
          expect(sum(result.breakdown.map((l) => l.units)).toString()).toBe(
            sum(eligible.map((a) => a.quantity)).toString(),
          );

          const totalByType = new Map<string, Decimal>();
          const byDay = new Map<string, Decimal>();
          for (const line of result.explanation) {
            const rule = ruleFor(contest, line.activityType) as ScoringRule;
            const counted = toDecimal(line.countedUnits);
            const quantity = toDecimal(line.quantity);
            const dayKey = `${line.activityType}@${line.localDay}`;
            const total = (totalByType.get(line.activityType) ?? toDecimal(0)).plus(counted);
            const day = (byDay.get(dayKey) ?? toDecimal(0)).plus(counted);
            totalByType.set(line.activityType, total);
            byDay.set(dayKey, day);

            expect(line.localDay).toBe(localDay(line.occurredAt, contest.timezone));
            expect(counted.greaterThanOrEqualTo(0)).toBe(true);
            expect(counted.lessThanOrEqualTo(quantity)).toBe(true);
            expect(day.lessThanOrEqualTo(capOf(rule.dailyCap))).toBe(true);
            expect(total.lessThanOrEqualTo(capOf(rule.totalCap))).toBe(true);
            // Greedy: an activity is only cut short by a cap that it leaves full.
            expect(
              counted.equals(quantity) ||
                day.greaterThanOrEqualTo(capOf(rule.dailyCap)) ||
                total.greaterThanOrEqualTo(capOf(rule.totalCap)),
            ).toBe(true);
            const multiplier = multiplierAt(contest, line.activityType, line.occurredAt);
            expect(line.multiplier).toBe(multiplier.toString());
            expect(line.points).toBe(
              decimalString(counted.times(rule.pointsPerUnit).times(multiplier)),
            );
          }
        }
      }),
      RUNS,
    );
  });
});

describe('rankEntries properties', () => {
  it('gives each entry 1 + the number of entries with higher displayed points', () => {
    const entryArb = fc.record({
      name: fc.string({ maxLength: 4 }),
      points: fc
        .integer({ min: 0, max: 3000 })
        .map((n) => `${Math.floor(n / 1000)}.${String(n % 1000).padStart(3, '0')}`),
    });
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 30 }), (entries) => {
        const ranked = rankEntries(entries);
        expect(ranked).toHaveLength(entries.length);
        const shown = (points: DecimalInput) => toDecimal(points).toDecimalPlaces(2);
        for (const entry of ranked) {
          const higher = ranked.filter((other) =>
            shown(other.points).greaterThan(shown(entry.points)),
          );
          expect(entry.rank).toBe(higher.length + 1);
        }
        for (let i = 1; i < ranked.length; i += 1) {
          expect(shown(ranked[i].points).lessThanOrEqualTo(shown(ranked[i - 1].points))).toBe(true);
        }
      }),
      RUNS,
    );
  });
});
