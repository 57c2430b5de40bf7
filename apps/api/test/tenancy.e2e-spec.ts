import type { Page, User } from '@arena/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, runMigrations } from '../src/database/data-source';
import { MIGRATIONS } from '../src/database/migrations';
import { addUser, bearer, signupOrg, type OrgFixture } from './builders';
import { startTestApp, withEmptyDatabase, type TestApp } from './test-app';

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

  it("refuses a contest's child rows and kept scores naming another organisation's rows", async () => {
    const [{ id: aContestId }] = await db.query(
      `INSERT INTO contests (org_id, name, starts_at, ends_at, timezone, prizes)
       VALUES ($1, 'A raw contest', now(), now() + interval '1 day', 'UTC', '[]') RETURNING id`,
      [a.org.id],
    );
    const [{ id: bTypeId }] = await db.query(
      `SELECT id FROM activity_types WHERE org_id = $1 LIMIT 1`,
      [b.org.id],
    );
    const [{ id: bActivityId }] = await db.query(
      `INSERT INTO activities (org_id, user_id, activity_type_id, quantity, occurred_at, source)
       VALUES ($1, $2, $3, 1, now(), 'manual') RETURNING id`,
      [b.org.id, bRepId, bTypeId],
    );
    const participant = (orgId: string, column: 'user_id' | 'team_id', id: string) =>
      db.query(
        `INSERT INTO contest_participants (org_id, contest_id, ${column}) VALUES ($1, $2, $3)`,
        [orgId, aContestId, id],
      );
    // A participant of A's contest naming B's rep or team: refused whichever organisation the
    // row claims — as A's it cannot name B's rep, as B's it cannot be in A's contest.
    await expect(participant(a.org.id, 'user_id', bRepId)).rejects.toThrow(
      /fk_contest_participants_user/,
    );
    await expect(participant(b.org.id, 'user_id', bRepId)).rejects.toThrow(
      /fk_contest_participants_contest/,
    );
    await expect(participant(a.org.id, 'team_id', bTeamId)).rejects.toThrow(
      /fk_contest_participants_team/,
    );
    // Kept scores of A's contest for B's rep, or for B's activity.
    await expect(
      db.query(
        `INSERT INTO contest_scores (org_id, contest_id, user_id, points) VALUES ($1, $2, $3, 1)`,
        [a.org.id, aContestId, bRepId],
      ),
    ).rejects.toThrow(/fk_contest_scores_user/);
    await expect(
      db.query(
        `INSERT INTO contest_score_lines (org_id, contest_id, user_id, activity_type, units, counted_units, points)
         VALUES ($1, $2, $3, 'calls', 1, 1, 1)`,
        [a.org.id, aContestId, bRepId],
      ),
    ).rejects.toThrow(/fk_contest_score_lines_user/);
    await expect(
      db.query(
        `INSERT INTO contest_activity_scores (org_id, contest_id, activity_id, user_id, activity_type,
           occurred_at, local_day, quantity, counted_units, multiplier, points)
         VALUES ($1, $2, $3, $4, 'calls', now(), current_date, 1, 1, 1, 1)`,
        [a.org.id, aContestId, bActivityId, a.admin.id],
      ),
    ).rejects.toThrow(/fk_contest_activity_scores_activity/);
    // Rows that name only their contest (or user) cannot claim another organisation either.
    await expect(
      db.query(
        `INSERT INTO contest_rules (org_id, contest_id, activity_type, points_per_unit, position)
         VALUES ($1, $2, 'calls', 1, 0)`,
        [b.org.id, aContestId],
      ),
    ).rejects.toThrow(/fk_contest_rules_contest/);
    await expect(
      db.query(
        `INSERT INTO contest_live_states (org_id, contest_id, seq, entries) VALUES ($1, $2, 0, '[]')`,
        [b.org.id, aContestId],
      ),
    ).rejects.toThrow(/fk_contest_live_states_contest/);
    await expect(
      db.query(
        `INSERT INTO revoked_tokens (org_id, jti, user_id, expires_at)
         VALUES ($1, gen_random_uuid(), $2, now())`,
        [a.org.id, bRepId],
      ),
    ).rejects.toThrow(/fk_revoked_tokens_user/);
    // A row must say whose it is.
    await expect(
      db.query(`INSERT INTO contest_participants (contest_id, user_id) VALUES ($1, $2)`, [
        aContestId,
        a.admin.id,
      ]),
    ).rejects.toThrow(/null value in column "org_id"/);

    // Within one organisation the same rows are stored, and deleting the contest still removes
    // them (ON DELETE CASCADE through the composite keys).
    await participant(a.org.id, 'user_id', a.admin.id);
    await db.query(
      `INSERT INTO contest_scores (org_id, contest_id, user_id, points) VALUES ($1, $2, $3, 1)`,
      [a.org.id, aContestId, a.admin.id],
    );
    await db.query(`DELETE FROM contests WHERE id = $1`, [aContestId]);
    const [left] = await db.query(
      `SELECT (SELECT count(*) FROM contest_participants WHERE contest_id = $1)::int AS participants,
              (SELECT count(*) FROM contest_scores WHERE contest_id = $1)::int AS scores`,
      [aContestId],
    );
    expect(left).toEqual({ participants: 0, scores: 0 });
  });

  it("fills existing child rows with their contest's (or user's) organisation when migrating", async () => {
    await withEmptyDatabase(async (url) => {
      await runMigrations(url);
      const scratch = await new DataSource(buildDataSourceOptions(url)).initialize();
      try {
        // Back to the schema before OrgChildKeys, with rows of two organisations in it.
        const after = MIGRATIONS.findIndex((m) => m.name === 'OrgChildKeys1795840000000');
        for (let i = after; i < MIGRATIONS.length; i++)
          await scratch.undoLastMigration({ transaction: 'each' });
        const orgs: Array<{ org: string; user: string; contest: string }> = [];
        for (const name of ['One', 'Two']) {
          const [{ id: org }] = await scratch.query(
            `INSERT INTO organizations (name, timezone) VALUES ($1, 'UTC') RETURNING id`,
            [name],
          );
          const [{ id: user }] = await scratch.query(
            `INSERT INTO users (org_id, email, name, role, password_hash)
             VALUES ($1, $2, 'R', 'rep', 'h') RETURNING id`,
            [org, `rep-${org}@example.test`],
          );
          const [{ id: type }] = await scratch.query(
            `INSERT INTO activity_types (org_id, key, label, category, unit)
             VALUES ($1, 'calls', 'Calls', 'activity', 'count') RETURNING id`,
            [org],
          );
          const [{ id: activity }] = await scratch.query(
            `INSERT INTO activities (org_id, user_id, activity_type_id, quantity, occurred_at, source)
             VALUES ($1, $2, $3, 1, now(), 'manual') RETURNING id`,
            [org, user, type],
          );
          const [{ id: contest }] = await scratch.query(
            `INSERT INTO contests (org_id, name, starts_at, ends_at, timezone, prizes)
             VALUES ($1, 'C', now(), now() + interval '1 day', 'UTC', '[]') RETURNING id`,
            [org],
          );
          await scratch.query(
            `INSERT INTO contest_participants (contest_id, user_id) VALUES ($1, $2)`,
            [contest, user],
          );
          await scratch.query(
            `INSERT INTO contest_rules (contest_id, activity_type, points_per_unit, position)
             VALUES ($1, 'calls', 1, 0)`,
            [contest],
          );
          await scratch.query(
            `INSERT INTO contest_multipliers (contest_id, starts_at, ends_at, factor, position)
             VALUES ($1, now(), now() + interval '1 hour', 2, 0)`,
            [contest],
          );
          await scratch.query(
            `INSERT INTO contest_scores (contest_id, user_id, points) VALUES ($1, $2, 1)`,
            [contest, user],
          );
          await scratch.query(
            `INSERT INTO contest_score_lines (contest_id, user_id, activity_type, units, counted_units, points)
             VALUES ($1, $2, 'calls', 1, 1, 1)`,
            [contest, user],
          );
          await scratch.query(
            `INSERT INTO contest_activity_scores (contest_id, activity_id, user_id, activity_type,
               occurred_at, local_day, quantity, counted_units, multiplier, points)
             VALUES ($1, $2, $3, 'calls', now(), current_date, 1, 1, 1, 1)`,
            [contest, activity, user],
          );
          await scratch.query(
            `INSERT INTO contest_live_states (contest_id, seq, entries) VALUES ($1, 0, '[]')`,
            [contest],
          );
          await scratch.query(
            `INSERT INTO revoked_tokens (jti, user_id, expires_at) VALUES (gen_random_uuid(), $1, now())`,
            [user],
          );
          orgs.push({ org, user, contest });
        }

        await scratch.runMigrations({ transaction: 'each' });
        const byContest = [
          'contest_participants',
          'contest_rules',
          'contest_multipliers',
          'contest_scores',
          'contest_score_lines',
          'contest_activity_scores',
          'contest_live_states',
        ];
        for (const { org, user, contest } of orgs) {
          for (const table of byContest) {
            const rows = await scratch.query(`SELECT org_id FROM ${table} WHERE contest_id = $1`, [
              contest,
            ]);
            expect({ table, rows }).toEqual({ table, rows: [{ org_id: org }] });
          }
          const tokens = await scratch.query(
            `SELECT org_id FROM revoked_tokens WHERE user_id = $1`,
            [user],
          );
          expect(tokens).toEqual([{ org_id: org }]);
        }
      } finally {
        await scratch.destroy();
      }
    });
  });
});
