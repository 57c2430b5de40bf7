import type { Contest, Leaderboard } from '@arena/contracts';
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

const DAY = 86_400_000;

describe('only users who compete are scored (issue 11 point 18)', () => {
  let t: TestApp;
  let org: OrgFixture;
  let manager: UserFixture;
  let rep: UserFixture;

  const admin = () => bearer(org.adminToken);
  const contest = (body: Record<string, unknown>) =>
    request(t.server)
      .post('/api/contests')
      .set(admin())
      .send({
        name: 'Players',
        startsAt: new Date(Date.now() - DAY).toISOString(),
        endsAt: new Date(Date.now() + DAY).toISOString(),
        rules: [{ activityType: 'call', pointsPerUnit: 1 }],
        ...body,
      });
  const setCompetes = (userId: string, competes: boolean) =>
    request(t.server).patch(`/api/users/${userId}`).set(admin()).send({ competes }).expect(200);

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    org = await signupOrg(t.server);
    manager = await addUser(t.server, org, 'manager', { name: 'Mia Manager' });
    rep = await addUser(t.server, org, 'rep', { name: 'Rex Rep' });
  });
  afterAll(() => t.close());

  it('defaults to true for reps and false for managers and admins', () => {
    expect(rep.user.competes).toBe(true);
    expect(manager.user.competes).toBe(false);
    expect(org.admin.competes).toBe(false);
  });

  it('resets competes to the new role’s default on a role change, unless told otherwise', async () => {
    const promote = (body: Record<string, unknown>) =>
      request(t.server).patch(`/api/users/${rep.user.id}`).set(admin()).send(body).expect(200);
    expect((await promote({ role: 'manager' })).body.competes).toBe(false);
    expect((await promote({ role: 'rep' })).body.competes).toBe(true);
    expect((await promote({ role: 'manager', competes: true })).body.competes).toBe(true);
  });

  it('records activities only for competing users: 400 naming userId, also inside a batch', async () => {
    const single = await request(t.server)
      .post('/api/activities')
      .set(admin())
      .send({ type: 'call', quantity: 1, userId: manager.user.id })
      .expect(400);
    expect(single.body.errors).toEqual([
      { field: 'userId', messages: [expect.stringMatching(/does not compete/)] },
    ]);
    // A manager logging for themselves is the same thing.
    await request(t.server)
      .post('/api/activities')
      .set(bearer(manager.token))
      .send({ type: 'call', quantity: 1 })
      .expect(400);
    const batch = await request(t.server)
      .post('/api/activities/batch')
      .set(admin())
      .send({
        activities: [
          { type: 'call', quantity: 1, userId: rep.user.id },
          { type: 'call', quantity: 1, userId: manager.user.id },
        ],
      })
      .expect(400);
    expect(batch.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'activities.1.userId',
    ]);

    await setCompetes(manager.user.id, true);
    await logActivity(t.server, org.adminToken, {
      type: 'call',
      quantity: 1,
      userId: manager.user.id,
    });
  });

  it('takes only competing users as individual participants: 400 naming participantIds.N', async () => {
    const res = await contest({ participantIds: [rep.user.id, manager.user.id] }).expect(400);
    expect(res.body.errors).toEqual([
      {
        field: 'participantIds.1',
        messages: [expect.stringMatching(/does not compete/i)],
        codes: ['not_competing'],
      },
    ]);
    await setCompetes(manager.user.id, true);
    await contest({ participantIds: [rep.user.id, manager.user.id] }).expect(201);
  });

  it('counts only competing members in a team contest', async () => {
    const team = await addTeam(t.server, org, 'Coached');
    const coach = await addUser(t.server, org, 'manager', { name: 'Cora Coach', teamId: team.id });
    const player = await addUser(t.server, org, 'rep', { name: 'Pia Player', teamId: team.id });
    await setCompetes(coach.user.id, true);
    await logActivity(t.server, org.adminToken, {
      type: 'call',
      quantity: 5,
      userId: coach.user.id,
    });
    await logActivity(t.server, org.adminToken, {
      type: 'call',
      quantity: 2,
      userId: player.user.id,
    });
    const created = (await contest({ mode: 'team', participantIds: [team.id] }).expect(201))
      .body as Contest;
    await request(t.server).post(`/api/contests/${created.id}/publish`).set(admin()).expect(200);
    const board = async () =>
      (
        await request(t.server)
          .get(`/api/contests/${created.id}/leaderboard`)
          .set(admin())
          .expect(200)
      ).body as Leaderboard;
    expect((await board()).entries[0].points).toBe(7);

    // A player-coach who stops competing no longer counts for the team.
    await setCompetes(coach.user.id, false);
    expect((await board()).entries[0].points).toBe(2);
  });
});
