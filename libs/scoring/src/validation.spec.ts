import type { ScoringContest } from './types';
import { validateContestDefinition, validateMultipliers, validateRules } from './validation';

const valid: ScoringContest = {
  startsAt: new Date('2024-03-01T00:00:00Z'),
  endsAt: new Date('2024-04-01T00:00:00Z'),
  timezone: 'Europe/Paris',
  rules: [
    { activityType: 'call', pointsPerUnit: '1', dailyCap: 20 },
    { activityType: 'revenue', pointsPerUnit: '0.01', totalCap: '10000.00', dailyCap: null },
  ],
  multipliers: [
    {
      startsAt: new Date('2024-03-05T15:00:00Z'),
      endsAt: new Date('2024-03-05T16:00:00Z'),
      factor: '2',
    },
    {
      startsAt: new Date('2024-03-06T15:00:00Z'),
      endsAt: new Date('2024-03-06T16:00:00Z'),
      factor: 1.5,
      activityTypes: ['call'],
    },
  ],
  goalPoints: '100',
};

describe('validateContestDefinition', () => {
  it('accepts a valid definition, with caps of 0 and without optional parts', () => {
    expect(validateContestDefinition(valid)).toEqual([]);
    expect(
      validateContestDefinition({
        ...valid,
        rules: [{ activityType: 'call', pointsPerUnit: 2, dailyCap: 0, totalCap: '0' }],
        multipliers: [],
        goalPoints: null,
      }),
    ).toEqual([]);
  });

  it('names every invalid field by its path', () => {
    const problems = validateContestDefinition({
      startsAt: new Date('2024-04-01T00:00:00Z'),
      endsAt: new Date('2024-04-01T00:00:00Z'),
      timezone: 'Mars/Olympus_Mons',
      rules: [
        { activityType: 'call', pointsPerUnit: '1' },
        { activityType: 'meeting', pointsPerUnit: '0', dailyCap: -1 },
        { activityType: 'call', pointsPerUnit: 'lots', totalCap: '-0.01' },
        { activityType: '', pointsPerUnit: -2 },
      ],
      multipliers: [
        {
          startsAt: new Date('2024-03-05T16:00:00Z'),
          endsAt: new Date('2024-03-05T15:00:00Z'),
          factor: '0',
          activityTypes: ['call', ''],
        },
        { startsAt: new Date('nope'), endsAt: new Date('2024-03-05T15:00:00Z'), factor: '2' },
      ],
      goalPoints: '-5',
    });
    expect(problems).toEqual([
      'endsAt: must be after startsAt',
      'timezone: must be an IANA time zone such as "Europe/Paris"',
      'rules.1.pointsPerUnit: must be greater than 0',
      'rules.1.dailyCap: must be 0 or greater',
      'rules.2.activityType: "call" already has a rule (rules.0)',
      'rules.2.pointsPerUnit: must be a decimal number',
      'rules.2.totalCap: must be 0 or greater',
      'rules.3.activityType: must be a non-empty string',
      'rules.3.pointsPerUnit: must be greater than 0',
      'multipliers.0.endsAt: must be after startsAt',
      'multipliers.0.factor: must be greater than 0',
      'multipliers.0.activityTypes.1: must be a non-empty string',
      'multipliers.1.startsAt: must be a valid date',
      'goalPoints: must be greater than 0',
    ]);
  });

  it('is defensive about what JSON can carry', () => {
    const fromJson = {
      startsAt: '2024-03-01',
      endsAt: undefined,
      timezone: 42,
      rules: [null, { activityType: 'call', pointsPerUnit: true }],
      multipliers: [
        { startsAt: valid.startsAt, endsAt: valid.endsAt, factor: '2', activityTypes: 'call' },
      ],
    } as unknown as ScoringContest;
    expect(validateContestDefinition(fromJson)).toEqual([
      'startsAt: must be a valid date',
      'endsAt: must be a valid date',
      'timezone: must be an IANA time zone such as "Europe/Paris"',
      'rules.0: must be an object',
      'rules.1.pointsPerUnit: must be a decimal number',
      'multipliers.0.activityTypes: must be a list of activity types',
    ]);
    expect(validateRules('nope' as unknown as [])).toEqual(['rules: must be a list']);
    expect(validateMultipliers({} as unknown as [], 'contest.multipliers')).toEqual([
      'contest.multipliers: must be a list',
    ]);
  });
});
