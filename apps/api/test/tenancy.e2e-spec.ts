import type { Page, User } from '@arena/contracts';
import request from 'supertest';
import { addUser, bearer, signupOrg, type OrgFixture } from './builders';
import { startTestApp, type TestApp } from './test-app';

describe('organisation isolation', () => {
  let t: TestApp;
  let a: OrgFixture;
  let b: OrgFixture;
  let bRepId: string;
  let bTeamId: string;
  let bTypeId: string;

  beforeAll(async () => {
    t = await startTestApp();
    [a, b] = [await signupOrg(t.server), await signupOrg(t.server)];
    bRepId = (await addUser(t.server, b, 'rep')).user.id;
    bTeamId = (
      await request(t.server)
        .post('/api/teams')
        .set(bearer(b.adminToken))
        .send({ name: 'B team' })
        .expect(201)
    ).body.id;
    bTypeId = (
      await request(t.server).get('/api/activity-types').set(bearer(b.adminToken)).expect(200)
    ).body[0].id;
  });
  afterAll(() => t.close());

  it.each([
    ['get', () => `/api/users/${bRepId}`],
    ['patch', () => `/api/users/${bRepId}`],
    ['get', () => `/api/teams/${bTeamId}`],
    ['patch', () => `/api/teams/${bTeamId}`],
    ['get', () => `/api/activity-types/${bTypeId}`],
    ['patch', () => `/api/activity-types/${bTypeId}`],
  ] as const)(
    '%s %s of another organisation answers 404, exactly like a missing id',
    async (method, path) => {
      const body =
        method !== 'patch'
          ? undefined
          : path().includes('activity-types')
            ? { label: 'Hijacked' }
            : { name: 'Hijacked' };
      const foreign = await request(t.server)[method](path()).set(bearer(a.adminToken)).send(body);
      const missing = await request(t.server)
        [method](path().replace(/[0-9a-f-]{36}$/, '00000000-0000-4000-8000-000000000000'))
        .set(bearer(a.adminToken))
        .send(body);
      expect(foreign.status).toBe(404);
      expect(foreign.body).toEqual(missing.body);
    },
  );

  it('leaves the other organisation untouched after the attempts', async () => {
    const rep = await request(t.server)
      .get(`/api/users/${bRepId}`)
      .set(bearer(b.adminToken))
      .expect(200);
    expect(rep.body.name).not.toBe('Hijacked');
    const team = await request(t.server)
      .get(`/api/teams/${bTeamId}`)
      .set(bearer(b.adminToken))
      .expect(200);
    expect(team.body.name).toBe('B team');
  });

  it('lists only its own users, teams and activity types', async () => {
    const users = (await request(t.server).get('/api/users').set(bearer(a.adminToken)).expect(200))
      .body as Page<User>;
    expect(users.items.every((user) => user.orgId === a.org.id)).toBe(true);
    expect(users.items.map((user) => user.id)).not.toContain(bRepId);
    const teams = await request(t.server).get('/api/teams').set(bearer(a.adminToken)).expect(200);
    expect(teams.body.map((team: { id: string }) => team.id)).not.toContain(bTeamId);
    const types = await request(t.server)
      .get('/api/activity-types')
      .set(bearer(a.adminToken))
      .expect(200);
    expect(types.body.map((type: { id: string }) => type.id)).not.toContain(bTypeId);
  });

  it("cannot put a user into another organisation's team, and stores nothing", async () => {
    const before = (await request(t.server).get('/api/users').set(bearer(a.adminToken))).body.total;
    const res = await request(t.server)
      .post('/api/users')
      .set(bearer(a.adminToken))
      .send({
        email: 'x-tenant@example.test',
        name: 'Cross',
        role: 'rep',
        password: 'long enough pw',
        teamId: bTeamId,
      })
      .expect(400);
    expect(res.body.errors).toEqual([
      { field: 'teamId', messages: ['no team with this id in your organisation'] },
    ]);
    expect((await request(t.server).get('/api/users').set(bearer(a.adminToken))).body.total).toBe(
      before,
    );
  });

  it("a token is bound to its organisation: B's admin cannot see A's users", async () => {
    const aRep = await addUser(t.server, a, 'rep');
    await request(t.server).get(`/api/users/${aRep.user.id}`).set(bearer(b.adminToken)).expect(404);
  });
});
