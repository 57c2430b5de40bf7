import type { Contest, Leaderboard, ParticipantScore } from '@arena/contracts';
import request from 'supertest';
import {
  addTeam,
  addUser,
  bearer,
  logActivity,
  signupOrg,
  type OrgFixture,
  type UserFixture,
} from '../../test/builders';
import { startTestApp, type TestApp } from '../../test/test-app';

/**
 * SPEC §3 end to end through the HTTP API, with exact numbers. The contest runs in New York
 * (EDT, UTC-4) from 5 to 19 October 2026.
 *   call     2 points, daily cap 3     meeting 10 points, total cap 2
 *   demo    25 points                 deal_won 100 points        (no rule for referral)
 *   power hours: 13:00–15:00Z ×2 for calls, 14:00–16:00Z ×1.5 for everything, on 6 October.
 */
describe('scoring scenario', () => {
  let t: TestApp;
  let org: OrgFixture;
  let manager: UserFixture;
  const reps: Record<string, UserFixture> = {};
  let contest: Contest;
  const statuses: string[] = [];
  const duplicates: Array<[string, { id: string; duplicate: boolean }]> = [];

  const definition = (participantIds: string[]) => ({
    name: 'October Outreach',
    startsAt: '2026-10-05T04:00:00Z',
    endsAt: '2026-10-19T04:00:00Z',
    timezone: 'America/New_York',
    participantIds,
    goalPoints: 50,
    rules: [
      { activityType: 'call', pointsPerUnit: 2, dailyCap: 3 },
      { activityType: 'meeting', pointsPerUnit: 10, totalCap: 2 },
      { activityType: 'demo', pointsPerUnit: 25 },
      { activityType: 'deal_won', pointsPerUnit: 100 },
    ],
    multipliers: [
      {
        startsAt: '2026-10-06T13:00:00Z',
        endsAt: '2026-10-06T15:00:00Z',
        factor: 2,
        activityTypes: ['call'],
      },
      { startsAt: '2026-10-06T14:00:00Z', endsAt: '2026-10-06T16:00:00Z', factor: 1.5 },
    ],
    prizes: [{ rank: 1, description: 'A day off' }],
  });

  const log = (
    rep: string,
    type: string,
    quantity: number,
    occurredAt: string,
    extra: object = {},
    status = 201,
  ) =>
    logActivity(
      t.server,
      manager.token,
      { type, quantity, occurredAt, userId: reps[rep].user.id, ...extra },
      status,
    );

  const leaderboard = async (id = contest.id) =>
    (
      await request(t.server)
        .get(`/api/contests/${id}/leaderboard`)
        .set(bearer(manager.token))
        .expect(200)
    ).body as Leaderboard;

  const standings = (board: Leaderboard) =>
    board.entries.map((e) => [e.rank, e.participant.name, e.points, e.goalReached]);

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrg(t.server, { timezone: 'Europe/Amsterdam' });
    manager = await addUser(t.server, org, 'manager');
    const north = await addTeam(t.server, org, 'North');
    const south = await addTeam(t.server, org, 'South');
    const teamOf: Record<string, string | undefined> = {
      Alice: north.id,
      Bob: north.id,
      Cara: south.id,
      Dan: south.id,
      Gus: south.id,
    };
    for (const name of ['Alice', 'Bob', 'Cara', 'Dan', 'Finn', 'Gus', 'Eve']) {
      reps[name] = await addUser(t.server, org, 'rep', { name, teamId: teamOf[name] });
    }
    const ids = ['Alice', 'Bob', 'Cara', 'Dan', 'Finn', 'Gus'].map((name) => reps[name].user.id);
    contest = (
      await request(t.server)
        .post('/api/contests')
        .set(bearer(manager.token))
        .send(definition(ids))
        .expect(201)
    ).body;
    statuses.push(contest.status);
    contest = (
      await request(t.server)
        .post(`/api/contests/${contest.id}/publish`)
        .set(bearer(manager.token))
        .expect(200)
    ).body;
    statuses.push(contest.status);

    // Alice: power hours, a daily cap that resets at local (not UTC) midnight, a total cap.
    await log('Alice', 'call', 2, '2026-10-06T14:30:00Z'); // ×2 ×1.5: 2 units → 12
    await log('Alice', 'call', 2, '2026-10-06T20:00:00Z'); // cap 3: 1 unit → 2
    await log('Alice', 'call', 3, '2026-10-08T03:30:00Z'); // 7 Oct 23:30 local: 3 units → 6
    await log('Alice', 'call', 3, '2026-10-08T04:30:00Z'); // 8 Oct 00:30 local: a new day, 3 units → 6
    await log('Alice', 'meeting', 1, '2026-10-09T15:00:00Z'); // 10
    await log('Alice', 'meeting', 2, '2026-10-10T15:00:00Z'); // total cap 2: 1 unit → 10
    await log('Alice', 'referral', 5, '2026-10-10T16:00:00Z'); // no rule: ignored
    await log('Alice', 'demo', 1, '2026-10-05T03:59:59Z'); // before the window: ignored
    const demo = await log('Alice', 'demo', 1, '2026-10-12T15:00:00Z', { externalId: 'crm-42' }); // 25
    const retry = await log(
      'Alice',
      'demo',
      1,
      '2026-10-12T15:00:00Z',
      { externalId: 'crm-42' },
      200,
    );
    duplicates.push([demo.id, retry]);
    const deal = await log('Alice', 'deal_won', 1, '2026-10-12T16:00:00Z'); // 100, then voided
    await request(t.server)
      .post(`/api/activities/${deal.id}/void`)
      .set(bearer(manager.token))
      .send({ reason: 'Deal fell through' })
      .expect(200);

    // Bob: the un-multiplied call arrives first, the back-dated power-hour call second. Taken in
    // arrival order the cap would keep the cheap one (6); in occurredAt order the ×3 one counts (18).
    await log('Bob', 'call', 3, '2026-10-06T20:00:00Z');
    await log('Bob', 'call', 3, '2026-10-06T14:30:00Z');
    await log('Bob', 'meeting', 1, '2026-10-06T15:30:00Z'); // only the ×1.5 window: 15

    // A three-way tie at 25, Gus at 0, and Eve, who is not in the contest.
    for (const name of ['Cara', 'Dan', 'Finn', 'Eve'])
      await log(name, 'demo', 1, '2026-10-14T12:00:00Z');
    await log('Finn', 'demo', 1, '2026-10-19T04:00:00Z', {}, 201); // at endsAt (exclusive): ignored
  });
  afterAll(() => t.close());

  it('publishes a past contest as ended, still keeping its scores, and counts a retried externalId once', () => {
    expect(statuses).toEqual(['draft', 'ended']);
    const [[demoId, retry]] = duplicates;
    expect(retry).toMatchObject({ id: demoId, duplicate: true });
  });

  it('ranks with exact points, competition ranking and ties listed by name', async () => {
    const board = await leaderboard();
    expect(board).toMatchObject({ contestId: contest.id, total: 6 });
    expect(standings(board)).toEqual([
      [1, 'Alice', 71, true],
      [2, 'Bob', 33, false],
      [3, 'Cara', 25, false],
      [3, 'Dan', 25, false],
      [3, 'Finn', 25, false],
      [6, 'Gus', 0, false],
    ]);
    expect(board.entries[0].breakdown).toEqual([
      { activityType: 'call', units: 10, countedUnits: 9, points: 26 },
      { activityType: 'meeting', units: 3, countedUnits: 2, points: 20 },
      { activityType: 'demo', units: 1, countedUnits: 1, points: 25 },
    ]);
  });

  it('explains every point of a score', async () => {
    const score = (
      await request(t.server)
        .get(`/api/contests/${contest.id}/scores/${reps['Alice'].user.id}`)
        .set(bearer(reps['Alice'].token))
        .expect(200)
    ).body as ParticipantScore;
    expect(score).toMatchObject({
      participant: { kind: 'user', name: 'Alice' },
      rank: 1,
      points: 71,
      goalReached: true,
    });
    expect(
      score.explanation.map((e) => [
        e.activityType,
        e.quantity,
        e.countedUnits,
        e.multiplier,
        e.points,
      ]),
    ).toEqual([
      ['call', 2, 2, 3, 12],
      ['call', 2, 1, 1, 2],
      ['call', 3, 3, 1, 6],
      ['call', 3, 3, 1, 6],
      ['meeting', 1, 1, 1, 10],
      ['meeting', 2, 1, 1, 10],
      ['demo', 1, 1, 1, 25],
    ]);
    const bob = (
      await request(t.server)
        .get(`/api/contests/${contest.id}/scores/${reps['Bob'].user.id}`)
        .set(bearer(manager.token))
        .expect(200)
    ).body;
    expect(
      bob.explanation.map((e: { occurredAt: string; countedUnits: number; points: number }) => [
        e.occurredAt,
        e.countedUnits,
        e.points,
      ]),
    ).toEqual([
      ['2026-10-06T14:30:00.000Z', 3, 18],
      ['2026-10-06T15:30:00.000Z', 1, 15],
      ['2026-10-06T20:00:00.000Z', 0, 0],
    ]);
  });

  it('keeps reps to their own explanation and other organisations out', async () => {
    await request(t.server)
      .get(`/api/contests/${contest.id}/scores/${reps['Bob'].user.id}`)
      .set(bearer(reps['Alice'].token))
      .expect(403);
    await request(t.server)
      .get(`/api/contests/${contest.id}/leaderboard`)
      .set(bearer(reps['Eve'].token))
      .expect(404);
    const other = await signupOrg(t.server);
    await request(t.server)
      .get(`/api/contests/${contest.id}/leaderboard`)
      .set(bearer(other.adminToken))
      .expect(404);
  });

  it('scores a team contest by the average of current members', async () => {
    const teams = (await request(t.server).get('/api/teams').set(bearer(manager.token)).expect(200))
      .body as { id: string; name: string }[];
    const created = (
      await request(t.server)
        .post('/api/contests')
        .set(bearer(manager.token))
        .send({
          ...definition(teams.map((team) => team.id)),
          name: 'Team October',
          mode: 'team',
          teamAggregation: 'average',
        })
        .expect(201)
    ).body as Contest;
    await request(t.server)
      .post(`/api/contests/${created.id}/publish`)
      .set(bearer(manager.token))
      .expect(200);
    const board = await leaderboard(created.id);
    // North: (71 + 33) / 2 = 52. South: (25 + 25 + 0) / 3 = 16.666… → 16.67.
    expect(standings(board)).toEqual([
      [1, 'North', 52, true],
      [2, 'South', 16.67, false],
    ]);
    expect(board.entries[0].participant.kind).toBe('team');
  });

  it('re-scores history when a rule changes, as if it had always been so (ended: in a preview only)', async () => {
    const rules = definition([]).rules.map((rule) =>
      rule.activityType === 'demo'
        ? { ...rule, pointsPerUnit: 30 }
        : rule.activityType === 'call'
          ? { ...rule, dailyCap: 2 }
          : rule,
    );
    const before = standings(await leaderboard());
    // October's contest has ended, so its rules are fixed (SPEC §3 "Contest end and settling").
    const refused = await request(t.server)
      .patch(`/api/contests/${contest.id}`)
      .set(bearer(manager.token))
      .send({ rules })
      .expect(409);
    expect(refused.body).toMatchObject({ code: 'contest_ended' });
    expect(standings(await leaderboard())).toEqual(before);
    // The same change previewed over the same window scores the log as if it had always been so.
    const preview = (
      await request(t.server)
        .post('/api/contests/preview')
        .set(bearer(manager.token))
        .send({
          ...definition(contest.participantIds),
          rules,
          from: contest.startsAt,
          to: contest.endsAt,
        })
        .expect(200)
    ).body as Leaderboard;
    // Alice: calls 12 + 0 + 4 + 4, meetings 20, demo 30 = 70. Bob: 2 capped ×3 calls = 12, meeting 15 = 27.
    expect(standings(preview)).toEqual([
      [1, 'Alice', 70, true],
      [2, 'Cara', 30, false],
      [2, 'Dan', 30, false],
      [2, 'Finn', 30, false],
      [5, 'Bob', 27, false],
      [6, 'Gus', 0, false],
    ]);
  });

  it('verifies that every kept score equals a recomputation from the log', async () => {
    const report = (
      await request(t.server)
        .post('/api/admin/verify-scores')
        .set(bearer(org.adminToken))
        .expect(200)
    ).body;
    expect(report).toMatchObject({ contestsChecked: 2, differences: [] });
    expect(report.activitiesChecked).toBeGreaterThan(10);
  });
});
