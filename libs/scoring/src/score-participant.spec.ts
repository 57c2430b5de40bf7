import { roundPoints } from './decimal';
import { scoreParticipant } from './score-participant';
import type {
  MultiplierWindow,
  ParticipantScore,
  ScoringActivity,
  ScoringContest,
  ScoringRule,
} from './types';

// Builders: a March 2024 contest in UTC, and activities of the rep "rep" unless said otherwise.
function contest(overrides: Partial<ScoringContest> = {}): ScoringContest {
  return {
    startsAt: new Date('2024-03-01T00:00:00Z'),
    endsAt: new Date('2024-04-01T00:00:00Z'),
    timezone: 'UTC',
    rules: [],
    multipliers: [],
    ...overrides,
  };
}

function rule(
  activityType: string,
  pointsPerUnit: ScoringRule['pointsPerUnit'],
  caps: Partial<ScoringRule> = {},
): ScoringRule {
  return { activityType, pointsPerUnit, ...caps };
}

function power(
  startsAt: string,
  endsAt: string,
  factor: string,
  activityTypes?: string[],
): MultiplierWindow {
  return { startsAt: new Date(startsAt), endsAt: new Date(endsAt), factor, activityTypes };
}

let nextId = 0;
function act(
  activityType: string,
  quantity: ScoringActivity['quantity'],
  occurredAt: string,
  overrides: Partial<ScoringActivity> = {},
): ScoringActivity {
  nextId += 1;
  return {
    id: `act-${String(nextId).padStart(4, '0')}`,
    userId: 'rep',
    activityType,
    quantity,
    occurredAt: new Date(occurredAt),
    ...overrides,
  };
}

const score = (c: ScoringContest, activities: ScoringActivity[]): ParticipantScore =>
  scoreParticipant(c, 'rep', activities);

const counted = (result: ParticipantScore): string[] =>
  result.explanation.map((l) => l.countedUnits);

describe('scoreParticipant — SPEC §3', () => {
  it('weights each type by its pointsPerUnit and breaks the score down per type (§3.4, §3.6)', () => {
    const c = contest({
      rules: [rule('meeting', '5'), rule('call', '1'), rule('deal_won', '20')],
    });
    const result = score(c, [
      act('call', 1, '2024-03-04T09:00:00Z'),
      act('call', 1, '2024-03-04T09:10:00Z'),
      act('meeting', 2, '2024-03-04T10:00:00Z'),
      act('call', 1, '2024-03-04T11:00:00Z'),
      act('deal_won', 1, '2024-03-04T12:00:00Z'),
    ]);
    expect(result.points).toBe('33');
    expect(result.breakdown).toEqual([
      { activityType: 'call', units: '3', countedUnits: '3', points: '3' },
      { activityType: 'deal_won', units: '1', countedUnits: '1', points: '20' },
      { activityType: 'meeting', units: '2', countedUnits: '2', points: '10' },
    ]);
  });

  it('computes without float drift: 0.1 × 3 = 0.3, and three × 0.1 = 0.3 (§3.5)', () => {
    const c = contest({ rules: [rule('crm_update', 0.1)] });
    expect(score(c, [act('crm_update', 3, '2024-03-04T09:00:00Z')]).points).toBe('0.3');
    const three = score(c, [
      act('crm_update', 1, '2024-03-04T09:00:00Z'),
      act('crm_update', 1, '2024-03-04T09:01:00Z'),
      act('crm_update', 1, '2024-03-04T09:02:00Z'),
    ]);
    expect(three.points).toBe('0.3');
    expect(roundPoints(three.points)).toBe('0.30');
  });

  it('scores 2-decimal currency quantities exactly and rounds half-up only for display', () => {
    const c = contest({ rules: [rule('revenue', '0.01')] });
    const result = score(c, [
      act('revenue', '1234.56', '2024-03-04T09:00:00Z'),
      act('revenue', '0.99', '2024-03-05T09:00:00Z'),
    ]);
    expect(result.points).toBe('12.3555');
    expect(roundPoints(result.points)).toBe('12.36');
    expect(result.breakdown).toEqual([
      { activityType: 'revenue', units: '1235.55', countedUnits: '1235.55', points: '12.3555' },
    ]);
    // As floats, 10.5 * 0.01 is just below 0.105, so (10.5 * 0.01).toFixed(2) shows "0.10".
    const half = score(c, [act('revenue', '10.50', '2024-03-04T09:00:00Z')]);
    expect(half.points).toBe('0.105');
    expect(roundPoints(half.points)).toBe('0.11');
  });

  it('caps currency in currency units', () => {
    const c = contest({ rules: [rule('revenue', '0.01', { totalCap: '1000.00' })] });
    const result = score(c, [
      act('revenue', '999.99', '2024-03-04T09:00:00Z'),
      act('revenue', '1234.56', '2024-03-05T09:00:00Z'),
    ]);
    expect(counted(result)).toEqual(['999.99', '0.01']);
    expect(result.points).toBe('10');
  });

  describe('daily cap (§3.3)', () => {
    it('counts per local day and partially counts the activity that crosses the cap', () => {
      const c = contest({ rules: [rule('call', '1', { dailyCap: 5 })] });
      const result = score(c, [
        act('call', 3, '2024-03-04T09:00:00Z'),
        act('call', 4, '2024-03-04T10:00:00Z'), // cap 5, used 3 → 2 of 4
        act('call', 1, '2024-03-04T11:00:00Z'), // → 0, still explained
        act('call', 4, '2024-03-05T09:00:00Z'), // a new day
      ]);
      expect(counted(result)).toEqual(['3', '2', '0', '4']);
      expect(result.explanation[2]).toMatchObject({
        quantity: '1',
        countedUnits: '0',
        points: '0',
      });
      expect(result.points).toBe('9');
      expect(result.breakdown).toEqual([
        { activityType: 'call', units: '12', countedUnits: '9', points: '9' },
      ]);
    });

    it("uses the contest's time zone: 03:30Z and 05:30Z are different days in New York", () => {
      const activities = [
        act('call', 1, '2024-03-05T03:30:00Z'), // 2024-03-04 22:30 EST
        act('call', 1, '2024-03-05T05:30:00Z'), // 2024-03-05 00:30 EST
      ];
      const rules = [rule('call', '1', { dailyCap: 1 })];
      const newYork = score(contest({ timezone: 'America/New_York', rules }), activities);
      expect(newYork.explanation.map((l) => l.localDay)).toEqual(['2024-03-04', '2024-03-05']);
      expect(newYork.points).toBe('2');
      expect(score(contest({ timezone: 'UTC', rules }), activities).points).toBe('1');
    });

    it('follows DST: the 23-hour day of spring forward in New York', () => {
      const c = contest({
        timezone: 'America/New_York',
        rules: [rule('call', '1', { dailyCap: 1 })],
      });
      const result = score(c, [
        act('call', 1, '2024-03-10T05:30:00Z'), // 2024-03-10 00:30 EST
        act('call', 1, '2024-03-11T03:30:00Z'), // 2024-03-10 23:30 EDT: same day, capped
        act('call', 1, '2024-03-11T04:30:00Z'), // 2024-03-11 00:30 EDT: next day
      ]);
      expect(result.explanation.map((l) => l.localDay)).toEqual([
        '2024-03-10',
        '2024-03-10',
        '2024-03-11',
      ]);
      expect(counted(result)).toEqual(['1', '0', '1']);
    });

    it('follows DST: the 25-hour day of fall back in New York', () => {
      const c = contest({
        startsAt: new Date('2024-11-01T00:00:00Z'),
        endsAt: new Date('2024-12-01T00:00:00Z'),
        timezone: 'America/New_York',
        rules: [rule('call', '1', { dailyCap: 1 })],
      });
      const result = score(c, [
        act('call', 1, '2024-11-03T04:30:00Z'), // 2024-11-03 00:30 EDT
        act('call', 1, '2024-11-04T04:30:00Z'), // 2024-11-03 23:30 EST: same day, capped
        act('call', 1, '2024-11-04T05:30:00Z'), // 2024-11-04 00:30 EST
      ]);
      expect(counted(result)).toEqual(['1', '0', '1']);
    });

    it('handles quarter-hour zones (Pacific/Chatham, +13:45 in March)', () => {
      const c = contest({
        timezone: 'Pacific/Chatham',
        rules: [rule('call', '1', { dailyCap: 1 })],
      });
      const result = score(c, [
        act('call', 1, '2024-03-04T10:14:00Z'), // 2024-03-04 23:59
        act('call', 1, '2024-03-04T10:15:00Z'), // 2024-03-05 00:00
        act('call', 1, '2024-03-04T11:00:00Z'),
      ]);
      expect(counted(result)).toEqual(['1', '1', '0']);
    });
  });

  it('applies a total cap over the whole contest (§3.3)', () => {
    const c = contest({ rules: [rule('demo', '3', { totalCap: 5 })] });
    const result = score(c, [
      act('demo', 2, '2024-03-04T09:00:00Z'),
      act('demo', 2, '2024-03-10T09:00:00Z'),
      act('demo', 2, '2024-03-20T09:00:00Z'),
      act('demo', 2, '2024-03-21T09:00:00Z'),
    ]);
    expect(counted(result)).toEqual(['2', '2', '1', '0']);
    expect(result.points).toBe('15');
  });

  it('counts the tighter of the daily and total caps', () => {
    const c = contest({ rules: [rule('meeting', '1', { dailyCap: 3, totalCap: 5 })] });
    const result = score(c, [
      act('meeting', 4, '2024-03-04T09:00:00Z'), // daily → 3
      act('meeting', 4, '2024-03-05T09:00:00Z'), // total → 2
      act('meeting', 1, '2024-03-06T09:00:00Z'), // total → 0
    ]);
    expect(counted(result)).toEqual(['3', '2', '0']);
  });

  it('accepts a cap of 0: every activity explained, none counted', () => {
    const c = contest({ rules: [rule('call', '1', { dailyCap: '0' })] });
    const result = score(c, [act('call', 1, '2024-03-04T09:00:00Z')]);
    expect(result.points).toBe('0');
    expect(result.breakdown).toEqual([
      { activityType: 'call', units: '1', countedUnits: '0', points: '0' },
    ]);
  });

  describe('multipliers (§3.4)', () => {
    const c = contest({
      rules: [rule('call', '2'), rule('meeting', '10')],
      multipliers: [
        power('2024-03-04T10:00:00Z', '2024-03-04T12:00:00Z', '2'),
        power('2024-03-04T11:00:00Z', '2024-03-04T13:00:00Z', '1.5', ['call']),
      ],
    });

    it.each([
      ['call', '2024-03-04T09:59:59.999Z', '1', '2'],
      ['call', '2024-03-04T10:00:00Z', '2', '4'], // startsAt inclusive
      ['call', '2024-03-04T11:30:00Z', '3', '6'], // overlap: 2 × 1.5
      ['meeting', '2024-03-04T11:30:00Z', '2', '20'], // the call-only window does not apply
      ['call', '2024-03-04T12:00:00Z', '1.5', '3'], // endsAt exclusive
      ['call', '2024-03-04T13:00:00Z', '1', '2'],
    ])('%s at %s → ×%s = %s points', (type, iso, multiplier, points) => {
      const result = score(c, [act(type, 1, iso)]);
      expect(result.explanation[0]).toMatchObject({ multiplier, points });
      expect(result.points).toBe(points);
    });
  });

  describe('eligibility (§3.1)', () => {
    const c = contest({ rules: [rule('call', '1')] });

    it('ignores activities whose type has no rule', () => {
      const result = score(c, [
        act('site_visit', 1, '2024-03-04T09:00:00Z'),
        act('call', 1, '2024-03-04T09:00:00Z'),
      ]);
      expect(result.points).toBe('1');
      expect(result.explanation.map((l) => l.activityType)).toEqual(['call']);
      expect(result.breakdown.map((l) => l.activityType)).toEqual(['call']);
    });

    it('counts from startsAt (inclusive) up to endsAt (exclusive)', () => {
      const result = score(c, [
        act('call', 1, '2024-02-29T23:59:59.999Z'),
        act('call', 1, '2024-03-01T00:00:00Z'),
        act('call', 1, '2024-03-31T23:59:59.999Z'),
        act('call', 1, '2024-04-01T00:00:00Z'),
        act('call', 1, '2024-05-01T00:00:00Z'),
      ]);
      expect(result.explanation.map((l) => l.occurredAt.toISOString())).toEqual([
        '2024-03-01T00:00:00.000Z',
        '2024-03-31T23:59:59.999Z',
      ]);
      expect(result.points).toBe('2');
    });

    it("ignores other users' activities, and scores nothing for a rep with none", () => {
      const mine = act('call', 1, '2024-03-04T09:00:00Z');
      const theirs = act('call', 5, '2024-03-04T09:00:00Z', { userId: 'someone-else' });
      expect(score(c, [mine, theirs]).points).toBe('1');
      expect(scoreParticipant(c, 'nobody', [mine, theirs])).toEqual({
        userId: 'nobody',
        points: '0',
        explanation: [],
        breakdown: [],
      });
    });
  });

  describe('processing order (§3.2)', () => {
    it('is by occurredAt, so a cap plus a power hour give one answer whatever the input order', () => {
      const c = contest({
        rules: [rule('call', '10', { totalCap: 1 })],
        multipliers: [power('2024-03-04T10:00:00Z', '2024-03-04T11:00:00Z', '3')],
      });
      const early = act('call', 1, '2024-03-04T09:00:00Z', { id: 'z-early' });
      const boosted = act('call', 1, '2024-03-04T10:30:00Z', { id: 'a-boosted' });
      for (const input of [
        [early, boosted],
        [boosted, early],
      ]) {
        const result = score(c, input);
        // The earlier, un-boosted call takes the only unit: 10, not 30.
        expect(result.points).toBe('10');
        expect(result.explanation.map((l) => [l.activityId, l.countedUnits, l.points])).toEqual([
          ['z-early', '1', '10'],
          ['a-boosted', '0', '0'],
        ]);
      }
    });

    it('breaks occurredAt ties by id', () => {
      const c = contest({ rules: [rule('call', '1', { totalCap: 5 })] });
      const t = '2024-03-04T09:00:00Z';
      const b = act('call', 3, t, { id: 'b' });
      const a = act('call', 4, t, { id: 'a' });
      for (const input of [
        [a, b],
        [b, a],
      ]) {
        const result = score(c, input);
        expect(result.explanation.map((l) => [l.activityId, l.countedUnits])).toEqual([
          ['a', '4'],
          ['b', '1'],
        ]);
      }
    });
  });
});
