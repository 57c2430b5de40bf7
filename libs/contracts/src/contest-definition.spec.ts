import {
  CONTEST_LIMITS,
  changedAfterEnd,
  contestDefinitionProblems,
  hasEnded,
  type ContestDefinitionContext,
  type ContestProblem,
} from './contest-definition';
import type { ContestDefinition } from './contests';

const valid: ContestDefinition = {
  name: 'December Dials',
  description: 'Most weighted activity wins',
  startsAt: '2026-12-01T00:00:00Z',
  endsAt: '2026-12-08T00:00:00Z',
  timezone: 'Europe/Amsterdam',
  mode: 'individual',
  teamAggregation: 'sum',
  participantIds: ['rep-1', 'rep-2'],
  rules: [
    { activityType: 'call', pointsPerUnit: 5, dailyCap: 20, totalCap: null },
    { activityType: 'demo', pointsPerUnit: 12.5 },
  ],
  multipliers: [
    {
      startsAt: '2026-12-02T16:00:00Z',
      endsAt: '2026-12-02T17:00:00Z',
      factor: 2,
      activityTypes: ['call'],
    },
  ],
  goalPoints: 500,
  prizes: [{ rank: 1, description: 'A day off' }],
  achievements: [
    { kind: 'goal_reached' },
    { kind: 'milestone', activityType: 'call', units: 100 },
    { kind: 'streak', activityType: 'demo', days: 3, minUnitsPerDay: 1 },
  ],
};

const context: ContestDefinitionContext = {
  activityTypes: new Set(['call', 'demo', 'meeting']),
  participant: (id) =>
    id.startsWith('rep-') ? 'competes' : id === 'coach' ? 'not_competing' : 'unknown',
};

/** `field code` of each problem, in order: what clients branch on. */
const codes = (definition: Partial<ContestDefinition>, ctx = context) =>
  contestDefinitionProblems({ ...valid, ...definition }, ctx).map(
    (problem: ContestProblem) => `${problem.field} ${problem.code}`,
  );

describe('contestDefinitionProblems', () => {
  it('accepts a complete definition, and a draft without rules or participants', () => {
    expect(contestDefinitionProblems(valid, context)).toEqual([]);
    expect(codes({ rules: [], participantIds: [], achievements: [] })).toEqual([]);
  });

  it('checks the name, the description and the window', () => {
    expect(codes({ name: '   ' })).toEqual(['name required']);
    expect(codes({ name: 'x'.repeat(CONTEST_LIMITS.nameLength + 1) })).toEqual(['name too_long']);
    expect(codes({ name: ` ${'x'.repeat(CONTEST_LIMITS.nameLength)} ` })).toEqual([]);
    expect(codes({ description: 'x'.repeat(2001) })).toEqual(['description too_long']);
    expect(codes({ endsAt: valid.startsAt })).toEqual(['endsAt not_after_start']);
    expect(codes({ endsAt: '2028-06-01T00:00:00Z' })).toEqual(['endsAt window_too_long']);
    expect(codes({ startsAt: '' })).toEqual(['startsAt required']);
    expect(codes({ timezone: 'Nowhere/City' })).toEqual(['timezone unknown_time_zone']);
  });

  it('checks rules: known types once each, points > 0 with 4 decimals, caps ≥ 0 with 2', () => {
    expect(
      codes({
        rules: [
          { activityType: 'call', pointsPerUnit: 0 },
          { activityType: 'juggling', pointsPerUnit: 1 },
          { activityType: 'call', pointsPerUnit: 1.23456 },
          { activityType: '', pointsPerUnit: 2_000_000, dailyCap: -1, totalCap: 0.001 },
        ],
        achievements: [],
      }),
    ).toEqual([
      'rules.0.pointsPerUnit out_of_range',
      'rules.1.activityType unknown_activity_type',
      'rules.2.activityType duplicate',
      'rules.2.pointsPerUnit too_precise',
      'rules.3.activityType required',
      'rules.3.pointsPerUnit out_of_range',
      'rules.3.dailyCap out_of_range',
      'rules.3.totalCap too_precise',
    ]);
    // Without a catalogue the types are not checked against one.
    expect(
      codes({ rules: [{ activityType: 'juggling', pointsPerUnit: 1 }], achievements: [] }, {}),
    ).toEqual([]);
    expect(
      codes({ rules: [{ activityType: 'call', pointsPerUnit: 1e-7 }], achievements: [] }),
    ).toEqual(['rules.0.pointsPerUnit too_precise']);
  });

  it('checks multiplier windows, goal, prizes and list sizes', () => {
    expect(
      codes({
        multipliers: [
          {
            startsAt: '2026-12-02T17:00:00Z',
            endsAt: '2026-12-02T16:00:00Z',
            factor: 1001,
            activityTypes: ['call', 'call', 'nope'],
          },
        ],
        goalPoints: -5,
        prizes: [
          { rank: 1, description: 'Dinner' },
          { rank: 1, description: ' ' },
          { rank: 1.5, description: 'Mug' },
        ],
      }),
    ).toEqual([
      'multipliers.0.endsAt not_after_start',
      'multipliers.0.factor out_of_range',
      'multipliers.0.activityTypes.1 duplicate',
      'multipliers.0.activityTypes.2 unknown_activity_type',
      'goalPoints out_of_range',
      'prizes.1.rank duplicate',
      'prizes.1.description required',
      'prizes.2.rank not_whole',
    ]);
    const many = Array.from({ length: CONTEST_LIMITS.rules + 1 }, (_, i) => ({
      activityType: `t${i}`,
      pointsPerUnit: 1,
    }));
    expect(codes({ rules: many, achievements: [] })).toEqual(['rules too_many']);
  });

  it('checks achievements against the rules and the goal', () => {
    expect(
      codes({
        goalPoints: null,
        achievements: [
          { kind: 'goal_reached' },
          { kind: 'milestone', activityType: 'meeting', units: 10 },
          { kind: 'milestone', activityType: 'call' },
          { kind: 'streak', activityType: 'call', days: 1.5, minUnitsPerDay: 1 },
          { kind: 'streak' },
          { kind: 'final_placings' },
          { kind: 'final_placings' },
        ],
      }),
    ).toEqual([
      'achievements.0.kind needs_goal',
      'achievements.1.activityType no_rule_for_type',
      'achievements.2.units required',
      'achievements.3.days not_whole',
      'achievements.4.activityType required',
      'achievements.4.days required',
      'achievements.4.minUnitsPerDay required',
      'achievements.6 duplicate',
    ]);
  });

  it('checks participants as the caller knows them, and what publishing needs', () => {
    expect(codes({ participantIds: ['rep-1', 'ghost', 'coach', 'rep-1'] })).toEqual([
      'participantIds.1 unknown_participant',
      'participantIds.2 not_competing',
      'participantIds.3 duplicate',
    ]);
    const team = contestDefinitionProblems(
      { ...valid, mode: 'team', participantIds: ['ghost'] },
      context,
    );
    expect(team[0]?.message).toMatch(/team/);
    expect(
      codes({ rules: [], participantIds: [], achievements: [] }, { ...context, published: true }),
    ).toEqual(['rules required_to_publish', 'participantIds required_to_publish']);
  });

  it("opens a contest to everyone (no ids) or to teams' members (team ids), individual only", () => {
    const published = { ...context, published: true };
    expect(codes({ participantScope: 'all', participantIds: [] }, published)).toEqual([]);
    expect(codes({ participantScope: 'all', participantIds: ['rep-1'] })).toEqual([
      'participantIds conflicting_scope',
    ]);
    expect(codes({ participantScope: 'teams', participantIds: [] }, published)).toEqual([
      'participantIds required_to_publish',
    ]);
    const teams = contestDefinitionProblems(
      { ...valid, participantScope: 'teams', participantIds: ['ghost'] },
      context,
    );
    expect(teams.map((p) => p.code)).toEqual(['unknown_participant']);
    expect(teams[0]?.message).toMatch(/team/);
    expect(codes({ mode: 'team', participantScope: 'all', participantIds: [] })).toEqual([
      'participantScope conflicting_scope',
    ]);
    expect(CONTEST_LIMITS.participants).toBe(100_000);
    expect(
      codes({ participantIds: Array.from({ length: 100_001 }, (_, i) => `rep-${i}`) }, {}),
    ).toEqual(['participantIds too_many']);
  });

  it('fixes an ended contest except its name and description', () => {
    const endedAs = valid;
    expect(codes({ name: 'Renamed', description: 'New text' }, { ...context, endedAs })).toEqual(
      [],
    );
    expect(
      codes(
        { rules: [{ activityType: 'call', pointsPerUnit: 99 }], achievements: [], goalPoints: 1 },
        { ...context, endedAs },
      ),
    ).toEqual(['rules contest_ended', 'goalPoints contest_ended', 'achievements contest_ended']);
  });
});

describe('changedAfterEnd', () => {
  it('compares by meaning: instants, numbers, id sets, absent as the default', () => {
    const resent: ContestDefinition = {
      ...valid,
      startsAt: '2026-12-01T01:00:00+01:00',
      participantIds: ['rep-2', 'rep-1'],
      teamAggregation: undefined,
      rules: [
        { totalCap: undefined, dailyCap: 20, pointsPerUnit: 5, activityType: 'call' },
        { activityType: 'demo', pointsPerUnit: 12.5, dailyCap: null },
      ],
      multipliers: valid.multipliers?.map((w) => ({ ...w, factor: 2.0 })),
    };
    expect(changedAfterEnd(valid, resent)).toEqual([]);
    expect(
      changedAfterEnd(valid, { ...valid, endsAt: '2026-12-09T00:00:00Z', mode: 'team' }),
    ).toEqual(['endsAt', 'mode']);
  });

  it('knows when a contest has ended: published and past its end', () => {
    const now = new Date('2026-12-10T00:00:00Z');
    expect(hasEnded({ publishedAt: '2026-11-30T00:00:00Z', endsAt: valid.endsAt }, now)).toBe(true);
    expect(hasEnded({ publishedAt: null, endsAt: valid.endsAt }, now)).toBe(false);
    expect(
      hasEnded({ publishedAt: '2026-11-30T00:00:00Z', endsAt: '2026-12-11T00:00:00Z' }, now),
    ).toBe(false);
  });
});
