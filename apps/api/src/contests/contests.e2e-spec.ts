import {
  CONTEST_LIMITS,
  contestDefinitionProblems,
  type Contest,
  type ContestDefinition,
  type ContestDefinitionContext,
  type PreviewLeaderboard,
} from '@arena/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
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

const DAY = 86_400_000;

describe('contests', () => {
  let t: TestApp;
  let org: OrgFixture;
  let manager: UserFixture;
  let rep: UserFixture;
  let outsider: UserFixture;

  const design = (overrides: object = {}) => ({
    name: 'Pipeline Push',
    startsAt: new Date(Date.now() - DAY).toISOString(),
    endsAt: new Date(Date.now() + 7 * DAY).toISOString(),
    participantIds: [rep.user.id],
    rules: [{ activityType: 'call', pointsPerUnit: 3 }],
    ...overrides,
  });
  const create = async (overrides: object = {}) =>
    (
      await request(t.server)
        .post('/api/contests')
        .set(bearer(manager.token))
        .send(design(overrides))
        .expect(201)
    ).body as Contest;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    org = await signupOrg(t.server, { timezone: 'Europe/Berlin' });
    manager = await addUser(t.server, org, 'manager');
    rep = await addUser(t.server, org, 'rep', { name: 'Rhea' });
    outsider = await addUser(t.server, org, 'rep', { name: 'Otto' });
  });
  afterAll(() => t.close());

  it('goes draft → live by publishing, → scheduled when it starts later, → archived', async () => {
    const draft = await create();
    expect(draft).toMatchObject({
      status: 'draft',
      timezone: 'Europe/Berlin',
      mode: 'individual',
      teamAggregation: 'sum',
      goalPoints: null,
      prizes: [],
    });
    const live = (
      await request(t.server)
        .post(`/api/contests/${draft.id}/publish`)
        .set(bearer(manager.token))
        .expect(200)
    ).body;
    expect(live.status).toBe('live');
    await request(t.server)
      .post(`/api/contests/${draft.id}/publish`)
      .set(bearer(manager.token))
      .expect(409);

    const later = await create({ startsAt: new Date(Date.now() + DAY).toISOString() });
    expect(
      (
        await request(t.server)
          .post(`/api/contests/${later.id}/publish`)
          .set(bearer(manager.token))
          .expect(200)
      ).body.status,
    ).toBe('scheduled');

    const archived = (
      await request(t.server)
        .post(`/api/contests/${draft.id}/archive`)
        .set(bearer(manager.token))
        .expect(200)
    ).body;
    expect(archived.status).toBe('archived');
    await request(t.server)
      .patch(`/api/contests/${draft.id}`)
      .set(bearer(manager.token))
      .send({ name: 'Renamed' })
      .expect(409);
  });

  it('counts activities logged before it was published, and shows reps only their published contests', async () => {
    await logActivity(t.server, rep.token, { type: 'call', quantity: 2 });
    const draft = await create();
    expect(
      (await request(t.server).get('/api/contests').set(bearer(rep.token)).expect(200)).body,
    ).toEqual([]);
    await request(t.server).get(`/api/contests/${draft.id}`).set(bearer(rep.token)).expect(404);
    await request(t.server)
      .post(`/api/contests/${draft.id}/publish`)
      .set(bearer(manager.token))
      .expect(200);

    const mine = (await request(t.server).get('/api/contests').set(bearer(rep.token)).expect(200))
      .body as Contest[];
    expect(mine.map((c) => c.id)).toEqual([draft.id]);
    expect(
      (await request(t.server).get('/api/contests').set(bearer(outsider.token)).expect(200)).body,
    ).toEqual([]);
    await request(t.server)
      .get(`/api/contests/${draft.id}/leaderboard`)
      .set(bearer(outsider.token))
      .expect(404);

    const board = (
      await request(t.server)
        .get(`/api/contests/${draft.id}/leaderboard`)
        .set(bearer(rep.token))
        .expect(200)
    ).body;
    expect(board.entries).toEqual([
      {
        rank: 1,
        participant: { id: rep.user.id, kind: 'user', name: 'Rhea' },
        points: 6,
        goalReached: false,
        breakdown: [{ activityType: 'call', units: 2, countedUnits: 2, points: 6 }],
      },
    ]);
  });

  it('lets reps of a participating team read a team contest', async () => {
    const team = await addTeam(t.server, org, 'Closers');
    await request(t.server)
      .patch(`/api/users/${rep.user.id}`)
      .set(bearer(org.adminToken))
      .send({ teamId: team.id })
      .expect(200);
    const contest = await create({ mode: 'team', participantIds: [team.id] });
    await request(t.server)
      .post(`/api/contests/${contest.id}/publish`)
      .set(bearer(manager.token))
      .expect(200);
    await request(t.server).get(`/api/contests/${contest.id}`).set(bearer(rep.token)).expect(200);
    await request(t.server)
      .get(`/api/contests/${contest.id}`)
      .set(bearer(outsider.token))
      .expect(404);
    const score = (
      await request(t.server)
        .get(`/api/contests/${contest.id}/scores/${team.id}`)
        .set(bearer(rep.token))
        .expect(200)
    ).body;
    expect(score).toMatchObject({
      participant: { id: team.id, kind: 'team', name: 'Closers' },
      rank: 1,
      points: 0,
      explanation: [],
    });
  });

  it('rejects a request of the wrong shape field by field, storing nothing', async () => {
    const res = await request(t.server)
      .post('/api/contests')
      .set(bearer(manager.token))
      .send(
        design({
          name: 7,
          endsAt: '2026-12-01T09:00:00',
          participantIds: ['not-a-uuid'],
          rules: [
            { activityType: 'call', pointsPerUnit: 'lots' },
            { activityType: 'Not A Key', pointsPerUnit: 1, bonus: true },
          ],
          mode: 'solo',
        }),
      )
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'endsAt',
      'mode',
      'name',
      'participantIds',
      'rules.0.pointsPerUnit',
      'rules.1.activityType',
      'rules.1.bonus',
    ]);
    await request(t.server).post('/api/contests').set(bearer(rep.token)).send(design()).expect(403);
  });

  /*
   * The web designer runs `contestDefinitionProblems` on what it is about to send; the server runs
   * the same function. Each case goes through both: the server must refuse it with the same field
   * paths and codes, and store nothing.
   */
  it('refuses each invalid design exactly as the shared rules (and so the web designer) do', async () => {
    const other = await signupOrg(t.server);
    const foreignRep = await addUser(t.server, other, 'rep');
    const catalogue = await request(t.server)
      .get('/api/activity-types')
      .set(bearer(manager.token))
      .expect(200);
    const context: ContestDefinitionContext = {
      activityTypes: new Set(catalogue.body.map((type: { key: string }) => type.key)),
      participant: (id) =>
        [rep.user.id, outsider.user.id].includes(id)
          ? 'competes'
          : id === manager.user.id
            ? 'not_competing'
            : 'unknown',
    };
    const cases: Array<[string, object]> = [
      [
        'name, window and zone',
        {
          name: '  ',
          endsAt: new Date(Date.now() - 2 * DAY).toISOString(),
          timezone: 'Nowhere/City',
        },
      ],
      ['a window over the limit', { endsAt: new Date(Date.now() + 500 * DAY).toISOString() }],
      [
        'rules',
        {
          rules: [
            { activityType: 'call', pointsPerUnit: 0 },
            { activityType: 'juggling', pointsPerUnit: 1 },
            { activityType: 'call', pointsPerUnit: 1.23456 },
            { activityType: 'demo', pointsPerUnit: 2_000_000, dailyCap: -1, totalCap: 0.001 },
          ],
        },
      ],
      [
        'too many rules',
        {
          rules: Array.from({ length: CONTEST_LIMITS.rules + 1 }, () => ({
            activityType: 'call',
            pointsPerUnit: 1,
          })),
        },
      ],
      [
        'multiplier windows',
        {
          multipliers: [
            {
              startsAt: '2026-01-02T00:00:00Z',
              endsAt: '2026-01-01T00:00:00Z',
              factor: 1001,
              activityTypes: ['call', 'call', 'juggling'],
            },
          ],
        },
      ],
      [
        'goal and prizes',
        {
          goalPoints: -5,
          prizes: [
            { rank: 1, description: 'Dinner' },
            { rank: 1, description: ' ' },
            { rank: 1.5, description: 'Mug' },
          ],
        },
      ],
      [
        'achievements',
        {
          achievements: [
            { kind: 'goal_reached' },
            { kind: 'milestone', activityType: 'demo', units: 10 },
            { kind: 'streak', activityType: 'call', days: 1, minUnitsPerDay: 1 },
            { kind: 'final_placings' },
            { kind: 'final_placings' },
          ],
        },
      ],
      [
        'participants',
        { participantIds: [rep.user.id, foreignRep.user.id, manager.user.id, rep.user.id] },
      ],
    ];
    for (const [name, overrides] of cases) {
      // The server fills in the organisation's zone before the rules run.
      const definition = { timezone: 'Europe/Berlin', ...design(overrides) } as ContestDefinition;
      const expected = contestDefinitionProblems(definition, context).map(
        (problem) => `${problem.field} ${problem.code}`,
      );
      expect([name, expected.length > 0]).toEqual([name, true]);
      const res = await request(t.server)
        .post('/api/contests')
        .set(bearer(manager.token))
        .send(design(overrides));
      expect([name, res.status, res.body.code]).toEqual([name, 400, 'invalid_input']);
      const answered = res.body.errors.map(
        (e: { field: string; codes?: string[] }) => `${e.field} ${e.codes?.join(',')}`,
      );
      expect([name, answered]).toEqual([name, expected]);
    }
    const [{ n }] = await t.app
      .get(DataSource)
      .query('SELECT count(*)::int AS n FROM contests WHERE org_id = $1', [org.org.id]);
    expect(n).toBe(0);

    // What publishing needs, and what an ended contest may no longer change: the same agreement.
    const empty = await create({ rules: [], participantIds: [] });
    const publishing = await request(t.server)
      .post(`/api/contests/${empty.id}/publish`)
      .set(bearer(manager.token))
      .expect(400);
    const storedEmpty = { ...design({ rules: [], participantIds: [] }), timezone: 'Europe/Berlin' };
    expect(
      publishing.body.errors.map(
        (e: { field: string; codes: string[] }) => `${e.field} ${e.codes}`,
      ),
    ).toEqual(
      contestDefinitionProblems(storedEmpty, { ...context, published: true }).map(
        (problem) => `${problem.field} ${problem.code}`,
      ),
    );
    const ended = await create({
      startsAt: new Date(Date.now() - 3 * DAY).toISOString(),
      endsAt: new Date(Date.now() - DAY).toISOString(),
    });
    const published = await request(t.server)
      .post(`/api/contests/${ended.id}/publish`)
      .set(bearer(manager.token))
      .expect(200);
    const endedAs = published.body as Contest;
    const change = { rules: [{ activityType: 'call', pointsPerUnit: 99 }], goalPoints: 10 };
    const shared = contestDefinitionProblems({ ...endedAs, ...change }, { ...context, endedAs });
    expect(shared.map((problem) => `${problem.field} ${problem.code}`)).toEqual([
      'rules contest_ended',
      'goalPoints contest_ended',
    ]);
    const refused = await request(t.server)
      .patch(`/api/contests/${ended.id}`)
      .set(bearer(manager.token))
      .send(change)
      .expect(409);
    expect(refused.body.code).toBe('contest_ended');
    expect(refused.body.message).toContain('its rules, goalPoints can no longer change');
  });

  it('will not publish without rules or participants', async () => {
    const empty = await create({ rules: [], participantIds: [] });
    const res = await request(t.server)
      .post(`/api/contests/${empty.id}/publish`)
      .set(bearer(manager.token))
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'rules',
      'participantIds',
    ]);
  });

  it('keeps a published contest publishable: an edit may not remove every rule or participant', async () => {
    const live = await create();
    await request(t.server)
      .post(`/api/contests/${live.id}/publish`)
      .set(bearer(manager.token))
      .expect(200);
    const emptied = await request(t.server)
      .patch(`/api/contests/${live.id}`)
      .set(bearer(manager.token))
      .send({ rules: [], participantIds: [] })
      .expect(400);
    expect(emptied.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'rules',
      'participantIds',
    ]);
    expect(emptied.body.message).toMatch(/rules.*at least one rule/);
    const unchanged = await request(t.server)
      .get(`/api/contests/${live.id}`)
      .set(bearer(manager.token))
      .expect(200);
    expect(unchanged.body.rules).toHaveLength(1);
    expect(unchanged.body.participantIds).toEqual([rep.user.id]);
    // A draft is still free to be incomplete until it is published.
    const draft = await create();
    await request(t.server)
      .patch(`/api/contests/${draft.id}`)
      .set(bearer(manager.token))
      .send({ rules: [] })
      .expect(200);
  });

  it('fixes an ended contest: rules, window and participants answer 409, its name may change', async () => {
    const ended = await create({
      startsAt: new Date(Date.now() - 3 * DAY).toISOString(),
      endsAt: new Date(Date.now() - DAY).toISOString(),
    });
    await request(t.server)
      .post(`/api/contests/${ended.id}/publish`)
      .set(bearer(manager.token))
      .expect(200);
    for (const change of [
      { rules: [{ activityType: 'call', pointsPerUnit: 99 }] },
      { endsAt: new Date(Date.now() + DAY).toISOString() },
      { participantIds: [outsider.user.id] },
      { goalPoints: 1 },
    ]) {
      const refused = await request(t.server)
        .patch(`/api/contests/${ended.id}`)
        .set(bearer(manager.token))
        .send(change)
        .expect(409);
      expect(refused.body).toMatchObject({ code: 'contest_ended' });
      expect(refused.body.message).toContain(Object.keys(change)[0]);
    }
    // Resending what is stored changes nothing, so it is not refused; the name stays editable.
    const renamed = await request(t.server)
      .patch(`/api/contests/${ended.id}`)
      .set(bearer(manager.token))
      .send({
        name: 'Renamed after the end',
        rules: ended.rules,
        participantIds: ended.participantIds,
        startsAt: ended.startsAt,
      })
      .expect(200);
    expect(renamed.body).toMatchObject({
      name: 'Renamed after the end',
      rules: ended.rules,
      endsAt: ended.endsAt,
    });
    // A draft whose dates have passed is still a draft: free to be rescheduled.
    const draft = await create({
      startsAt: new Date(Date.now() - 3 * DAY).toISOString(),
      endsAt: new Date(Date.now() - DAY).toISOString(),
    });
    await request(t.server)
      .patch(`/api/contests/${draft.id}`)
      .set(bearer(manager.token))
      .send({ endsAt: new Date(Date.now() + DAY).toISOString() })
      .expect(200);
  });

  it('previews a design over past activity without storing anything', async () => {
    const star = await addUser(t.server, org, 'rep', { name: 'Stella' });
    const week = (days: number) => new Date(Date.now() - days * DAY).toISOString();
    for (let i = 0; i < 3; i++)
      await logActivity(t.server, star.token, {
        type: 'demo',
        quantity: 1,
        occurredAt: week(3 + i),
      });
    await logActivity(t.server, rep.token, { type: 'call', quantity: 10, occurredAt: week(2) });
    await logActivity(t.server, rep.token, { type: 'call', quantity: 10, occurredAt: week(40) }); // outside the period

    const preview = async (rules: object[]) =>
      (
        await request(t.server)
          .post('/api/contests/preview')
          .set(bearer(manager.token))
          .send({
            ...design({ participantIds: [rep.user.id, star.user.id], rules }),
            from: week(30),
            to: week(0),
          })
          .expect(200)
      ).body as PreviewLeaderboard;

    const callsHeavy = await preview([
      { activityType: 'call', pointsPerUnit: 2 },
      { activityType: 'demo', pointsPerUnit: 5 },
    ]);
    expect(callsHeavy.entries.map((e) => [e.rank, e.participant.name, e.points])).toEqual([
      [1, 'Rhea', 20],
      [2, 'Stella', 15],
    ]);
    expect(callsHeavy.activitiesConsidered).toBe(4);
    const demosHeavy = await preview([
      { activityType: 'call', pointsPerUnit: 1, dailyCap: 5 },
      { activityType: 'demo', pointsPerUnit: 20 },
    ]);
    expect(demosHeavy.entries.map((e) => [e.participant.name, e.points])).toEqual([
      ['Stella', 60],
      ['Rhea', 5],
    ]);
    const [{ n }] = await t.app
      .get(DataSource)
      .query('SELECT count(*)::int AS n FROM contests WHERE org_id = $1', [org.org.id]);
    expect(n).toBe(0);
    await request(t.server)
      .post('/api/contests/preview')
      .set(bearer(manager.token))
      .send({ ...design(), from: week(0), to: week(30) })
      .expect(400);
  });
});
