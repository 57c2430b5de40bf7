import fc from 'fast-check';
import { compareActivities } from './order';
import { createRepScorer } from './rep-scorer';
import { scoreParticipant } from './score-participant';
import type {
  DecimalInput,
  MultiplierWindow,
  ScoringActivity,
  ScoringContest,
  ScoringRule,
} from './types';

/*
 * The fast re-scorer is `scoreParticipant`, digit for digit: on random contests (caps, windows,
 * zones with DST and half-hour offsets) and logs, in the fixed order and in any other.
 */

const ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'Australia/Lord_Howe'];
const TYPES = ['call', 'meeting', 'demo'];
const QUARTER_HOUR = 15 * 60_000;
const BASES = [Date.UTC(2024, 2, 8), Date.UTC(2024, 3, 5)];

const cents = (value: number): string =>
  `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;
const quantityArb: fc.Arbitrary<DecimalInput> = fc.oneof(
  fc.integer({ min: 1, max: 5 }).map(String),
  fc.integer({ min: 1, max: 200_000 }).map(cents),
  fc.constantFrom<DecimalInput>('0.001', '99999999999.99', 2.5),
);
const ruleArb: fc.Arbitrary<ScoringRule> = fc.record({
  activityType: fc.constantFrom(...TYPES),
  pointsPerUnit: fc.oneof(
    fc.constantFrom<DecimalInput>('1', '0.0125', '2.5', '10', 0.1, '9999.9999'),
    fc.integer({ min: 1, max: 100_000 }).map(cents),
  ),
  dailyCap: fc.oneof(
    fc.constantFrom(undefined, null, '0', '7.5'),
    fc.integer({ min: 0, max: 50 }).map(String),
  ),
  totalCap: fc.oneof(
    fc.constantFrom(undefined, null),
    fc.integer({ min: 0, max: 50_000 }).map(cents),
  ),
});

const scenarioArb = fc
  .record({
    base: fc.constantFrom(...BASES),
    lengthQuarters: fc.integer({ min: 4, max: 4 * 24 * 6 }),
    timezone: fc.constantFrom(...ZONES),
    rules: fc.uniqueArray(ruleArb, { selector: (r) => r.activityType, minLength: 1, maxLength: 3 }),
  })
  .chain(({ base, lengthQuarters, timezone, rules }) => {
    const windowArb: fc.Arbitrary<MultiplierWindow> = fc
      .record({
        from: fc.integer({ min: -16, max: lengthQuarters }),
        length: fc.integer({ min: 1, max: 4 * 48 }),
        factor: fc.constantFrom<DecimalInput>('2', '1.5', '0.0001', '1.25', '999999.9999'),
        activityTypes: fc.oneof(fc.constantFrom(undefined, null), fc.subarray(TYPES)),
      })
      .map(({ from, length, factor, activityTypes }) => ({
        startsAt: new Date(base + from * QUARTER_HOUR),
        endsAt: new Date(base + (from + length) * QUARTER_HOUR),
        factor,
        activityTypes,
      }));
    const activityArb: fc.Arbitrary<ScoringActivity> = fc.record({
      id: fc.uuid(),
      userId: fc.constantFrom('u1', 'u1', 'u1', 'u2'),
      activityType: fc.constantFrom(...TYPES, 'site_visit'),
      quantity: quantityArb,
      occurredAt: fc
        .integer({ min: -8, max: lengthQuarters + 8 })
        .chain((slot) =>
          fc
            .constantFrom(0, 1, QUARTER_HOUR - 1)
            .map((ms) => new Date(base + slot * QUARTER_HOUR + ms)),
        ),
    });
    const contest: fc.Arbitrary<ScoringContest> = fc.record({
      startsAt: fc.constant(new Date(base)),
      endsAt: fc.constant(new Date(base + lengthQuarters * QUARTER_HOUR)),
      timezone: fc.constant(timezone),
      rules: fc.constant(rules),
      multipliers: fc.array(windowArb, { maxLength: 3 }),
    });
    return fc.record({
      contest,
      log: fc.uniqueArray(activityArb, { selector: (a) => a.id, maxLength: 80 }),
    });
  });

describe('createRepScorer', () => {
  it('equals scoreParticipant on logs in the fixed order', () => {
    fc.assert(
      fc.property(scenarioArb, ({ contest, log }) => {
        const scorer = createRepScorer(contest);
        const sorted = [...log].sort(compareActivities);
        for (const userId of ['u1', 'u2'])
          expect(scorer.score(userId, sorted)).toEqual(scoreParticipant(contest, userId, log));
      }),
      { numRuns: 300 },
    );
  });

  it('equals scoreParticipant on logs in any order', () => {
    fc.assert(
      fc.property(scenarioArb, ({ contest, log }) => {
        expect(createRepScorer(contest).score('u1', log)).toEqual(
          scoreParticipant(contest, 'u1', log),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('keeps every digit of large products and sums', () => {
    const contest: ScoringContest = {
      startsAt: new Date(BASES[0]),
      endsAt: new Date(BASES[0] + 86_400_000),
      timezone: 'UTC',
      rules: [{ activityType: 'deal', pointsPerUnit: '9999.9999' }],
      multipliers: [
        {
          startsAt: new Date(BASES[0]),
          endsAt: new Date(BASES[0] + 3_600_000),
          factor: '999999.9999',
        },
      ],
    };
    const log = [0, 1, 2].map((i) => ({
      id: `a${i}`,
      userId: 'u',
      activityType: 'deal',
      quantity: '999999999999.99',
      occurredAt: new Date(BASES[0] + i * 3_000_000),
    }));
    const score = createRepScorer(contest).score('u', log);
    expect(score).toEqual(scoreParticipant(contest, 'u', log));
  });
});
