import type { Page, User } from '@arena/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
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

describe('the database itself keeps organisations apart', () => {
  let t: TestApp;
  let db: DataSource;
  let a: OrgFixture;
  let b: OrgFixture;
  let aTypeId: string;
  let bTeamId: string;
  let bRepId: string;
  let bContestId: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    [a, b] = [await signupOrg(t.server), await signupOrg(t.server)];
    bRepId = (await addUser(t.server, b, 'rep')).user.id;
    [{ id: bTeamId }] = await db.query(
      `INSERT INTO teams (org_id, name) VALUES ($1, 'B raw team') RETURNING id`,
      [b.org.id],
    );
    [{ id: aTypeId }] = await db.query(`SELECT id FROM activity_types WHERE org_id = $1 LIMIT 1`, [
      a.org.id,
    ]);
    [{ id: bContestId }] = await db.query(
      `INSERT INTO contests (org_id, name, starts_at, ends_at, timezone, prizes)
       VALUES ($1, 'B raw contest', now(), now() + interval '1 day', 'UTC', '[]') RETURNING id`,
      [b.org.id],
    );
  });
  afterAll(() => t.close());

  const refused = /violates foreign key constraint/;

  it("refuses a raw INSERT of a row pointing at another organisation's rows", async () => {
    // An activity of A's, by B's rep.
    await expect(
      db.query(
        `INSERT INTO activities (org_id, user_id, activity_type_id, quantity, occurred_at, source)
         VALUES ($1, $2, $3, 1, now(), 'manual')`,
        [a.org.id, bRepId, aTypeId],
      ),
    ).rejects.toThrow(/fk_activities_user/);
    // A's coaching note about B's rep; A's assessment in B's contest.
    await expect(
      db.query(`INSERT INTO coaching_notes (org_id, user_id, body) VALUES ($1, $2, 'x')`, [
        a.org.id,
        bRepId,
      ]),
    ).rejects.toThrow(refused);
    await expect(
      db.query(
        `INSERT INTO assessments (org_id, user_id, contest_id, phase, ratings)
         VALUES ($1, $2, $3, 'start', '[]')`,
        [a.org.id, a.admin.id, bContestId],
      ),
    ).rejects.toThrow(/fk_assessments_contest/);
    // Kudos in A for B's team.
    await expect(
      db.query(
        `INSERT INTO recognitions (org_id, kind, recipient_team_id, awarded_by, message)
         VALUES ($1, 'kudos', $2, $3, 'x')`,
        [a.org.id, bTeamId, a.admin.id],
      ),
    ).rejects.toThrow(/fk_recognitions_recipient_team/);
  });

  it("refuses a raw UPDATE that points a row into another organisation, and keeps the row's own", async () => {
    await expect(
      db.query(`UPDATE users SET team_id = $2 WHERE id = $1`, [a.admin.id, bTeamId]),
    ).rejects.toThrow(/fk_users_team/);
    const [admin] = await db.query(`SELECT team_id FROM users WHERE id = $1`, [a.admin.id]);
    expect(admin.team_id).toBeNull();
    // Within one organisation the same keys still work, and deleting the parent still clears
    // the reference without touching the row's organisation (ON DELETE SET NULL (team_id)).
    const [{ id: aTeamId }] = await db.query(
      `INSERT INTO teams (org_id, name) VALUES ($1, 'A raw team') RETURNING id`,
      [a.org.id],
    );
    await db.query(`UPDATE users SET team_id = $2 WHERE id = $1`, [a.admin.id, aTeamId]);
    await db.query(`DELETE FROM teams WHERE id = $1`, [aTeamId]);
    const [after] = await db.query(`SELECT org_id, team_id FROM users WHERE id = $1`, [a.admin.id]);
    expect(after).toEqual({ org_id: a.org.id, team_id: null });
  });
});
