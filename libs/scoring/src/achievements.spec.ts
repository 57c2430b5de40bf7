import { evaluateAchievements, type AchievementInput, type AchievementRow } from './achievements';

let seq = 0;
const row = (
  userId: string,
  at: string,
  units: number,
  activityType = 'call',
  localDay = at.slice(0, 10),
): AchievementRow => ({
  activityId: `a${String(seq++).padStart(4, '0')}`,
  userId,
  activityType,
  occurredAt: new Date(at),
  localDay,
  countedUnits: units,
  points: units,
});

const input = (overrides: Partial<AchievementInput>): AchievementInput => ({
  achievements: [],
  participants: ['ada', 'ben', 'cy'].map((id) => ({ id, memberIds: [id] })),
  teamAggregation: 'sum',
  rows: [],
  board: [],
  ended: false,
  prizes: [],
  ...overrides,
});

const keys = (value: AchievementInput) => evaluateAchievements(value).map((a) => a.key);

describe('evaluateAchievements', () => {
  it('gives a milestone to the first to reach it only, ties going to the earlier activity', () => {
    const milestone = { kind: 'milestone' as const, activityType: 'call', units: 3 };
    const rows = [
      row('ben', '2026-11-02T10:00:05Z', 3), // reaches 3 at 10:00:05
      row('ada', '2026-11-02T09:00:00Z', 2),
      row('ada', '2026-11-02T10:00:04Z', 1), // reaches 3 at 10:00:04: first
      row('cy', '2026-11-02T08:00:00Z', 5, 'demo'),
    ];
    expect(keys(input({ achievements: [milestone], rows }))).toEqual(['milestone:call:3']);
    expect(evaluateAchievements(input({ achievements: [milestone], rows }))[0].participantId).toBe(
      'ada',
    );
    // In any arrival order the answer is the same.
    expect(
      evaluateAchievements(input({ achievements: [milestone], rows: [...rows].reverse() }))[0]
        .participantId,
    ).toBe('ada');
    expect(keys(input({ achievements: [{ ...milestone, units: 10 }], rows }))).toEqual([]);
  });

  it('finds streaks of consecutive local days, each with the minimum', () => {
    const streak = { kind: 'streak' as const, activityType: 'call', days: 3, minUnitsPerDay: 2 };
    const rows = [
      row('ada', '2026-11-02T10:00:00Z', 2),
      row('ada', '2026-11-03T10:00:00Z', 1),
      row('ada', '2026-11-03T11:00:00Z', 1), // two on the 3rd, together
      row('ada', '2026-11-04T10:00:00Z', 2),
      row('ben', '2026-11-02T10:00:00Z', 2),
      row('ben', '2026-11-03T10:00:00Z', 1), // one short on the 3rd
      row('ben', '2026-11-04T10:00:00Z', 2),
      row('ben', '2026-11-05T10:00:00Z', 2),
      row('cy', '2026-11-02T10:00:00Z', 2),
      row('cy', '2026-11-04T10:00:00Z', 2), // a gap
      row('cy', '2026-11-05T10:00:00Z', 2),
    ];
    expect(keys(input({ achievements: [streak], rows }))).toEqual(['streak:call:3:2:ada']);
  });

  it('names everyone who ever led alone, not a tie at the top', () => {
    const rows = [
      row('ada', '2026-11-02T09:00:00Z', 5), // ada leads
      row('ben', '2026-11-02T10:00:00Z', 5), // tie
      row('cy', '2026-11-02T11:00:00Z', 5), // three-way tie
      row('cy', '2026-11-02T12:00:00Z', 1), // cy leads
      row('ben', '2026-11-02T13:00:00Z', 1), // tie again
    ];
    expect(keys(input({ achievements: [{ kind: 'new_leader' }], rows }))).toEqual([
      'new_leader:ada',
      'new_leader:cy',
    ]);
  });

  it('aggregates team members for teams, averaged when the contest averages', () => {
    const participants = [
      { id: 'north', memberIds: ['ada', 'ben'] },
      { id: 'south', memberIds: ['cy'] },
    ];
    const rows = [row('ada', '2026-11-02T09:00:00Z', 3), row('cy', '2026-11-02T10:00:00Z', 2)];
    const base = { achievements: [{ kind: 'new_leader' as const }], participants, rows };
    expect(keys(input(base))).toEqual(['new_leader:north']);
    // Averaged, north has 1.5 and south takes the lead with 2.
    expect(keys(input({ ...base, teamAggregation: 'average' }))).toEqual([
      'new_leader:north',
      'new_leader:south',
    ]);
  });

  it('awards goals from the board and final placings, ties sharing a place and its prize', () => {
    const board = [
      { participantId: 'ada', rank: 1, points: 30, goalReached: true },
      { participantId: 'ben', rank: 1, points: 30, goalReached: true },
      { participantId: 'cy', rank: 3, points: 10, goalReached: false },
      { participantId: 'dee', rank: 4, points: 0, goalReached: false },
    ];
    const achievements = [{ kind: 'goal_reached' as const }, { kind: 'final_placings' as const }];
    const prizes = [{ rank: 1, description: 'A day off' }];
    expect(keys(input({ achievements, board, prizes }))).toEqual([
      'goal_reached:ada',
      'goal_reached:ben',
    ]);
    const ended = evaluateAchievements(input({ achievements, board, prizes, ended: true }));
    expect(ended.filter((a) => a.kind === 'final_placings')).toEqual([
      expect.objectContaining({ participantId: 'ada', placing: 1, prize: 'A day off' }),
      expect.objectContaining({ participantId: 'ben', placing: 1, prize: 'A day off' }),
      expect.objectContaining({ participantId: 'cy', placing: 3, prize: null }),
    ]);
  });
});
