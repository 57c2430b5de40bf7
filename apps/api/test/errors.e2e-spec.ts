import type { ApiError } from '@arena/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, PASSWORD, signupOrg, uniqueEmail } from './builders';
import { startTestApp, type TestApp } from './test-app';

describe('input validation and error shape', () => {
  let t: TestApp;
  let count: (sql: string, params?: unknown[]) => Promise<number>;

  beforeAll(async () => {
    t = await startTestApp();
    const dataSource = t.app.get(DataSource);
    count = async (sql, params) => (await dataSource.query(sql, params))[0].count;
  });
  afterAll(() => t.close());

  it('names every invalid field of a signup and stores nothing', async () => {
    const orgName = `Invalid ${Date.now()}`;
    const res = await request(t.server)
      .post('/api/orgs')
      .send({
        orgName,
        timezone: 'Mars/Olympus',
        adminName: '   ',
        adminEmail: 'not-an-email',
        adminPassword: 'short',
        plan: 'gold',
      })
      .expect(400);
    const body = res.body as ApiError;
    expect(body.statusCode).toBe(400);
    expect(body.error).toBe('Bad Request');
    expect(body.errors?.map((e) => e.field).sort()).toEqual([
      'adminEmail',
      'adminName',
      'adminPassword',
      'plan',
      'timezone',
    ]);
    expect(body.message).toMatch(/timezone must be an IANA time zone/);
    expect(
      await count('SELECT count(*)::int AS count FROM organizations WHERE name = $1', [orgName]),
    ).toBe(0);
  });

  it('rejects wrong types instead of coercing them', async () => {
    const res = await request(t.server)
      .post('/api/orgs')
      .send({ orgName: 42, adminName: ['x'], adminEmail: uniqueEmail(), adminPassword: { p: 1 } })
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'adminName',
      'adminPassword',
      'orgName',
    ]);
  });

  it('rejects invalid users, teams and activity types field by field, storing nothing', async () => {
    const org = await signupOrg(t.server);
    const users = await count('SELECT count(*)::int AS count FROM users WHERE org_id = $1', [
      org.org.id,
    ]);

    const user = await request(t.server)
      .post('/api/users')
      .set(bearer(org.adminToken))
      .send({ email: 'nope', name: '', role: 'owner', password: PASSWORD, teamId: 'team-1' })
      .expect(400);
    expect(user.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'email',
      'name',
      'role',
      'teamId',
    ]);
    expect(
      await count('SELECT count(*)::int AS count FROM users WHERE org_id = $1', [org.org.id]),
    ).toBe(users);

    const type = await request(t.server)
      .post('/api/activity-types')
      .set(bearer(org.adminToken))
      .send({ key: 'Cold Call!', label: 'x'.repeat(81), category: 'effort', unit: 'hours' })
      .expect(400);
    expect(type.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'category',
      'key',
      'label',
      'unit',
    ]);
    expect(
      await count('SELECT count(*)::int AS count FROM activity_types WHERE org_id = $1', [
        org.org.id,
      ]),
    ).toBe(9);

    await request(t.server).post('/api/teams').set(bearer(org.adminToken)).send({}).expect(400);
    expect(
      await count('SELECT count(*)::int AS count FROM teams WHERE org_id = $1', [org.org.id]),
    ).toBe(0);
  });

  it('answers conflicts with 409: duplicate user email, team name and activity-type key', async () => {
    const org = await signupOrg(t.server);
    const auth = bearer(org.adminToken);
    await request(t.server)
      .post('/api/users')
      .set(auth)
      .send({ email: org.admin.email, name: 'Dup', role: 'rep', password: PASSWORD })
      .expect(409);
    await request(t.server).post('/api/teams').set(auth).send({ name: 'Hunters' }).expect(201);
    await request(t.server).post('/api/teams').set(auth).send({ name: 'Hunters' }).expect(409);
    const dup = await request(t.server)
      .post('/api/activity-types')
      .set(auth)
      .send({ key: 'call', label: 'Call again', category: 'activity', unit: 'count' })
      .expect(409);
    expect(dup.body.message).toBe('An activity type with key "call" already exists.');
  });

  it('answers an unknown API route with a JSON 404', async () => {
    const res = await request(t.server)
      .get('/api/no-such-thing')
      .expect(404)
      .expect('Content-Type', /json/);
    expect(res.body).toEqual({
      statusCode: 404,
      code: 'not_found',
      error: 'Not Found',
      message: 'Cannot GET /api/no-such-thing',
    });
  });

  it('answers malformed JSON with a JSON 400', async () => {
    const res = await request(t.server)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email":')
      .expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      code: 'malformed_body',
      error: 'Bad Request',
      message: 'Request body is not valid JSON.',
    });
  });

  it('answers an oversized body with a JSON 413 and stores nothing', async () => {
    const orgName = `Huge ${Date.now()}`;
    const res = await request(t.server)
      .post('/api/orgs')
      .send({
        orgName,
        adminName: 'x'.repeat(6 * 1024 * 1024),
        adminEmail: uniqueEmail(),
        adminPassword: PASSWORD,
      })
      .expect(413);
    expect(res.body).toMatchObject({
      statusCode: 413,
      code: 'payload_too_large',
      error: 'Payload Too Large',
    });
    expect(res.body.message).toMatch(/too large/);
    expect(
      await count('SELECT count(*)::int AS count FROM organizations WHERE name = $1', [orgName]),
    ).toBe(0);
  });

  it('rejects a 1 MB string inside the size limit with a 400 naming the field', async () => {
    const res = await request(t.server)
      .post('/api/orgs')
      .send({
        orgName: 'x'.repeat(1024 * 1024),
        adminName: 'Big',
        adminEmail: uniqueEmail(),
        adminPassword: PASSWORD,
      })
      .expect(400);
    expect(res.body.errors).toEqual([
      // Refused by the body-shape bound (100,000 characters) before class-validator reads it.
      { field: 'orgName', messages: ['orgName must be at most 100,000 characters'] },
    ]);
  });
});
