import { roundPoints } from './decimal';
import { ruleUsageOf, scoreActivity } from './score-activity';
import type { RuleUsage, ScoringActivity, ScoringContest } from './types';

const contest: ScoringContest = {
  startsAt: new Date('2024-03-01T00:00:00Z'),
  endsAt: new Date('2024-04-01T00:00:00Z'),
  timezone: 'America/New_York',
  rules: [
    { activityType: 'call', pointsPerUnit: '2', dailyCap: 5 },
    { activityType: 'meeting', pointsPerUnit: '5', totalCap: '5', dailyCap: '3' },
    { activityType: 'crm_update', pointsPerUnit: 0.1 },
  ],
  multipliers: [
    {
      startsAt: new Date('2024-03-05T15:00:00Z'),
      endsAt: new Date('2024-03-05T16:00:00Z'),
      factor: '2',
      activityTypes: ['call'],
    },
  ],
};

const activity = (overrides: Partial<ScoringActivity> = {}): ScoringActivity => ({
  id: 'a1',
  userId: 'rep',
  activityType: 'call',
  quantity: '1',
  occurredAt: new Date('2024-03-05T14:00:00Z'),
  ...overrides,
});

const none: RuleUsage = { totalUnits: '0', dayUnits: '0' };

describe('scoreActivity', () => {
  it('scores counted × pointsPerUnit × multiplier and explains it', () => {
    expect(scoreActivity(contest, activity({ quantity: '3.0' }), none)).toEqual({
      activityId: 'a1',
      userId: 'rep',
      activityType: 'call',
      quantity: '3',
      occurredAt: new Date('2024-03-05T14:00:00Z'),
      localDay: '2024-03-05',
      countedUnits: '3',
      multiplier: '1',
      points: '6',
    });
    const boosted = scoreActivity(
      contest,
      activity({ occurredAt: new Date('2024-03-05T15:30:00Z') }),
      none,
    );
    expect(boosted).toMatchObject({ countedUnits: '1', multiplier: '2', points: '4' });
  });

  it('computes 0.1 × 3 as exactly 0.3', () => {
    const scored = scoreActivity(
      contest,
      activity({ activityType: 'crm_update', quantity: 3 }),
      none,
    );
    expect(scored?.points).toBe('0.3');
    expect(roundPoints(scored?.points ?? '')).toBe('0.30');
  });

  it('counts only what the daily cap leaves: cap 5, used 3, quantity 4 → 2', () => {
    const scored = scoreActivity(contest, activity({ quantity: 4 }), {
      totalUnits: '3',
      dayUnits: '3',
    });
    expect(scored).toMatchObject({ quantity: '4', countedUnits: '2', points: '4' });
  });

  it('takes the tighter of the daily and the total cap', () => {
    const meeting = activity({ activityType: 'meeting', quantity: '4' });
    expect(scoreActivity(contest, meeting, { totalUnits: '0', dayUnits: '0' })?.countedUnits).toBe(
      '3',
    );
    expect(scoreActivity(contest, meeting, { totalUnits: '4', dayUnits: '0' })?.countedUnits).toBe(
      '1',
    );
    expect(scoreActivity(contest, meeting, { totalUnits: '3', dayUnits: '2' })?.countedUnits).toBe(
      '1',
    );
  });

  it('counts 0 (never negative) once a cap is used up or overrun', () => {
    for (const usage of [
      { totalUnits: '5', dayUnits: '5' },
      { totalUnits: '9', dayUnits: '9' },
    ]) {
      expect(scoreActivity(contest, activity({ quantity: 2 }), usage)).toMatchObject({
        countedUnits: '0',
        points: '0',
      });
    }
  });

  it('treats a missing cap as infinite', () => {
    const scored = scoreActivity(
      contest,
      activity({ activityType: 'crm_update', quantity: '1000000' }),
      { totalUnits: '1e9', dayUnits: '1e9' },
    );
    expect(scored?.points).toBe('100000');
  });

  it('returns null for a type without a rule', () => {
    expect(scoreActivity(contest, activity({ activityType: 'site_visit' }), none)).toBeNull();
  });

  it('returns null outside [startsAt, endsAt)', () => {
    const at = (iso: string) =>
      scoreActivity(contest, activity({ occurredAt: new Date(iso) }), none);
    expect(at('2024-02-29T23:59:59.999Z')).toBeNull();
    expect(at('2024-03-01T00:00:00Z')).not.toBeNull();
    expect(at('2024-03-31T23:59:59.999Z')).not.toBeNull();
    expect(at('2024-04-01T00:00:00Z')).toBeNull();
  });
});

describe('ruleUsageOf', () => {
  it('sums counted units of the type, in total and on the given local day', () => {
    const lines = [
      { activityType: 'call', localDay: '2024-03-04', countedUnits: '2' },
      { activityType: 'call', localDay: '2024-03-05', countedUnits: '1.5' },
      { activityType: 'meeting', localDay: '2024-03-05', countedUnits: '7' },
      { activityType: 'call', localDay: '2024-03-05', countedUnits: '0' },
    ];
    expect(ruleUsageOf(lines, 'call', '2024-03-05')).toEqual({
      totalUnits: '3.5',
      dayUnits: '1.5',
    });
    expect(ruleUsageOf(lines, 'call', '2024-03-06')).toEqual({ totalUnits: '3.5', dayUnits: '0' });
    expect(ruleUsageOf([], 'call', '2024-03-06')).toEqual({ totalUnits: '0', dayUnits: '0' });
  });
});
