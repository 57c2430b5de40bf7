import { contestDefinitionOf } from '@arena/contracts';
import { buildContest } from '../../../../test/build-board';
import {
  designFromContest,
  emptyAchievement,
  newDesign,
  toDefinition,
  toPreviewRequest,
} from './designer-form';

describe('designer form', () => {
  it('maps the form to the API definition: zone-aware times, numbers, empty caps as null', () => {
    const form = {
      ...newDesign('Europe/Amsterdam', new Date('2026-11-26T12:00:00Z')),
      name: '  December Dash ',
      participantIds: ['u1', 'u2'],
      rules: [
        { activityType: 'call', pointsPerUnit: '10', dailyCap: '40', totalCap: '' },
        { activityType: 'demo', pointsPerUnit: '12.5', dailyCap: '', totalCap: '3' },
      ],
      multipliers: [
        {
          startsAt: '2026-11-28T16:00',
          endsAt: '2026-11-28T17:00',
          factor: '2',
          activityTypes: [],
        },
      ],
      goalPoints: '500',
      prizes: [{ rank: '1', description: 'Dinner for two' }],
    };
    const { definition, errors } = toDefinition(form);
    expect(errors).toEqual({});
    expect(definition).toEqual({
      name: 'December Dash',
      description: '',
      startsAt: '2026-11-26T23:00:00.000Z',
      endsAt: '2026-12-03T23:00:00.000Z',
      timezone: 'Europe/Amsterdam',
      mode: 'individual',
      teamAggregation: 'sum',
      participantScope: 'listed',
      participantIds: ['u1', 'u2'],
      rules: [
        { activityType: 'call', pointsPerUnit: 10, dailyCap: 40, totalCap: null },
        { activityType: 'demo', pointsPerUnit: 12.5, dailyCap: null, totalCap: 3 },
      ],
      multipliers: [
        {
          startsAt: '2026-11-28T15:00:00.000Z',
          endsAt: '2026-11-28T16:00:00.000Z',
          factor: 2,
          activityTypes: null,
        },
      ],
      goalPoints: 500,
      prizes: [{ rank: 1, description: 'Dinner for two' }],
      achievements: [],
    });
  });

  it('maps achievements with only the fields each kind uses, and checks them', () => {
    const base = newDesign('Europe/Amsterdam', new Date('2026-11-26T12:00:00Z'));
    const form = {
      ...base,
      name: 'Dash',
      rules: [
        { activityType: 'call', pointsPerUnit: '1', dailyCap: '', totalCap: '' },
        { activityType: 'demo', pointsPerUnit: '2', dailyCap: '', totalCap: '' },
      ],
      goalPoints: '100',
      achievements: [
        { ...emptyAchievement('goal_reached'), activityType: 'call', units: '9' },
        { ...emptyAchievement('milestone', 'demo'), units: '25' },
        { ...emptyAchievement('streak', 'call'), days: '5', minUnitsPerDay: '10' },
        emptyAchievement('final_placings'),
      ],
    };
    const { definition, errors } = toDefinition(form);
    expect(errors).toEqual({});
    expect(definition.achievements).toEqual([
      { kind: 'goal_reached' },
      { kind: 'milestone', activityType: 'demo', units: 25 },
      { kind: 'streak', activityType: 'call', days: 5, minUnitsPerDay: 10 },
      { kind: 'final_placings' },
    ]);
    const bad = toDefinition({
      ...form,
      achievements: [
        { ...emptyAchievement('milestone'), units: '' },
        { ...emptyAchievement('streak', 'call'), days: '1.5' },
      ],
    });
    expect(bad.errors).toEqual({
      'achievements.0.activityType': 'Choose an activity type.',
      'achievements.0.units': 'Enter a number.',
      'achievements.1.days': 'At least 2 whole days.',
    });
    const contest = buildContest({
      achievements: [{ kind: 'streak', activityType: 'call', days: 3, minUnitsPerDay: 4 }],
    });
    expect(toDefinition(designFromContest(contest)).definition.achievements).toEqual(
      contest.achievements,
    );
  });

  it('refuses a start inside a DST gap instead of moving it an hour', () => {
    const form = {
      ...newDesign('Europe/Amsterdam', new Date('2026-03-20T12:00:00Z')),
      startsAt: '2026-03-29T02:30',
    };
    expect(toDefinition(form).errors.startsAt).toBe(
      'Europe/Amsterdam skips this time when its clocks move forward; choose another.',
    );
  });

  it('reports what a browser can see under the server’s field paths', () => {
    const form = {
      ...newDesign('UTC'),
      name: '',
      endsAt: '2000-01-01T00:00',
      rules: [{ activityType: '', pointsPerUnit: '0', dailyCap: 'lots', totalCap: '-1' }],
      prizes: [{ rank: '1.5', description: '' }],
    };
    expect(toDefinition(form).errors).toEqual({
      name: 'Give the contest a name.',
      endsAt: 'Must be after the start.',
      'rules.0.activityType': 'Choose an activity type.',
      'rules.0.pointsPerUnit': 'Must be greater than 0.',
      'rules.0.dailyCap': 'Enter a number.',
      'rules.0.totalCap': 'Must be 0 or more.',
      'prizes.0.rank': 'A rank is a whole number.',
      'prizes.0.description': 'Describe the prize.',
    });
  });

  it('loads a contest back with its times in its own zone, unchanged by a round trip', () => {
    const contest = buildContest({
      multipliers: [
        {
          startsAt: '2026-11-10T15:00:00.000Z',
          endsAt: '2026-11-10T16:00:00.000Z',
          factor: 1.5,
          activityTypes: ['call'],
        },
      ],
      prizes: [{ rank: 1, description: 'Trophy' }],
    });
    const form = designFromContest(contest);
    expect(form.startsAt).toBe('2026-11-01T01:00');
    expect(form.rules[0]).toEqual({
      activityType: 'call',
      pointsPerUnit: '10',
      dailyCap: '',
      totalCap: '',
    });
    const { definition } = toDefinition(form);
    expect(definition.startsAt).toBe(contest.startsAt);
    expect(definition.multipliers).toEqual(contest.multipliers);
    expect(definition.goalPoints).toBe(200);
  });

  it('asks for a preview over the last days, named even before the design is', () => {
    const { definition } = toDefinition(newDesign('UTC'));
    const request = toPreviewRequest(definition, 7, new Date('2026-11-26T12:34:56Z'));
    expect(request).toMatchObject({
      name: 'Preview',
      from: '2026-11-19T12:34:00.000Z',
      to: '2026-11-26T12:34:00.000Z',
    });
  });

  it('runs the shared rules: what publishing needs, the limits, an ended contest', () => {
    const draft = { ...newDesign('UTC'), name: 'Draft', rules: [] };
    expect(toDefinition(draft).errors).toEqual({});
    expect(toDefinition(draft, { published: true }).errors).toEqual({
      rules: 'A published contest needs at least one rule.',
      participantIds: 'A published contest needs at least one participant.',
    });
    const huge = {
      ...draft,
      rules: [{ activityType: 'call', pointsPerUnit: '5000000', dailyCap: '', totalCap: '' }],
    };
    expect(toDefinition(huge).errors).toEqual({ 'rules.0.pointsPerUnit': 'At most 1,000,000.' });
    expect(
      toDefinition(huge, { activityTypes: new Set(['demo']) }).errors['rules.0.activityType'],
    ).toBe('Unknown activity type "call".');

    const ended = buildContest({ status: 'ended' });
    const endedAs = contestDefinitionOf(ended);
    const renamed = { ...designFromContest(ended), name: 'Renamed', description: 'After the end' };
    expect(toDefinition(renamed, { endedAs }).errors).toEqual({});
    const rescored = {
      ...renamed,
      rules: renamed.rules.map((rule) => ({ ...rule, pointsPerUnit: '99' })),
    };
    expect(toDefinition(rescored, { endedAs }).errors).toEqual({
      rules: 'The contest has ended: this can no longer change.',
    });
  });
});
