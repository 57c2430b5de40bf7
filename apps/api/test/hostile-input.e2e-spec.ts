import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import type { ApiError } from '@arena/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  addUser,
  bearer,
  logActivity,
  PASSWORD,
  signupOrg,
  uniqueEmail,
  type OrgFixture,
} from './builders';
import { startTestApp, type TestApp } from './test-app';

/** Issue 11: bodies, queries and encodings an attacker (or a sloppy CRM) sends. */
describe('hostile input', () => {
  let t: TestApp;
  let count: (sql: string, params?: unknown[]) => Promise<number>;

  beforeAll(async () => {
    t = await startTestApp();
    const dataSource = t.app.get(DataSource);
    count = async (sql, params) => (await dataSource.query(sql, params))[0].count;
  });
  afterAll(() => t.close());

  const fields = (body: ApiError) => (body.errors ?? []).map((e) => e.field).sort();

  /** Sends a raw JSON text (so keys such as `__proto__` survive as written). */
  const postRaw = (path: string, json: string, token?: string) => {
    const req = request(t.server).post(path).set('Content-Type', 'application/json');
    if (token) req.set(bearer(token));
    return req.send(json);
  };

  /** Posts raw bytes: supertest would serialise a Buffer as JSON instead of sending it. */
  async function postBytes(
    path: string,
    bytes: Buffer,
    headers: Record<string, string>,
  ): Promise<{ status: number; body: ApiError & { created?: number } }> {
    const res = await fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: bytes,
    });
    return { status: res.status, body: (await res.json()) as ApiError & { created?: number } };
  }

  /** Runs `probe` while a health check is in flight; both answers are returned. */
  async function withHealth<T>(probe: () => Promise<T>) {
    const [result, health] = await Promise.all([
      probe(),
      // Started once the probe is on the wire, so the probe's work is what it waits behind.
      new Promise((ready) => setImmediate(ready)).then(() => request(t.server).get('/api/health')),
    ]);
    return { result, health };
  }

  describe('body shape (11.2)', () => {
    const login = { email: 'nobody@example.test', password: PASSWORD };

    it('answers a sign-in with 50,000 extra keys with 413, health answering meanwhile', async () => {
      const body: Record<string, unknown> = { ...login };
      for (let i = 0; i < 50_000; i++) body[`k${i}`] = i;
      const { result, health } = await withHealth(() =>
        request(t.server).post('/api/auth/login').send(body),
      );
      expect(result.status).toBe(413);
      expect(result.body).toMatchObject({
        statusCode: 413,
        code: 'payload_too_large',
        error: 'Payload Too Large',
      });
      expect(result.body.message).toMatch(/keys/);
      expect(health.status).toBe(200);
    });

    it('answers 150,000 extra keys with 413', async () => {
      const body: Record<string, unknown> = { ...login };
      for (let i = 0; i < 150_000; i++) body[`k${i}`] = 1;
      const res = await request(t.server).post('/api/auth/login').send(body);
      expect(res.status).toBe(413);
    });

    it.each([5_000, 900_000])('answers %d levels of nesting with 413', async (depth) => {
      const json = `{"email":"a@b.test","password":"x","deep":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const { result, health } = await withHealth(() => postRaw('/api/auth/login', json));
      expect(result.status).toBe(413);
      expect(result.body.message).toMatch(/nested/);
      expect(health.status).toBe(200);
    });

    it('answers an array of 150,000 items with 413 and a 200,000-character string with 400', async () => {
      const array = await request(t.server)
        .post('/api/auth/login')
        .send({ ...login, list: new Array(150_000).fill(0) });
      expect(array.status).toBe(413);
      expect(array.body.message).toMatch(/items/);
      const text = await request(t.server)
        .post('/api/auth/login')
        .send({ ...login, password: 'x'.repeat(200_000) });
      expect(text.status).toBe(400);
      expect(text.body.errors).toEqual([
        { field: 'password', messages: ['password must be at most 100,000 characters'] },
      ]);
    });

    it('still takes a full batch of 1,000 activities with every field', async () => {
      const org = await signupOrg(t.server);
      const rep = await addUser(t.server, org, 'rep');
      const activities = Array.from({ length: 1000 }, (_, i) => ({
        type: 'call',
        quantity: 1,
        occurredAt: new Date(Date.now() - i * 1000).toISOString(),
        userId: rep.user.id,
        externalId: `crm-${i}-${'x'.repeat(60)}`,
        note: 'n'.repeat(500),
      }));
      const res = await request(t.server)
        .post('/api/activities/batch')
        .set(bearer(org.adminToken))
        .send({ activities });
      expect(res.status).toBe(201);
      expect(res.body.created).toBe(1000);
    });
  });

  describe('control characters (11.7)', () => {
    it('answers NUL in sign-in and sign-up with 400 naming the field, storing nothing', async () => {
      const loginRes = await request(t.server)
        .post('/api/auth/login')
        .send({ email: 'a\u0000@example.test', password: PASSWORD })
        .expect(400);
      expect(fields(loginRes.body)).toEqual(['email']);
      expect(loginRes.body.errors[0].messages[0]).toMatch(/control characters/);

      const orgName = `Nul ${Date.now()}`;
      const signup = await request(t.server)
        .post('/api/orgs')
        .send({
          orgName: `${orgName}\u0000`,
          adminName: 'A\u0007da',
          adminEmail: uniqueEmail(),
          adminPassword: PASSWORD,
        })
        .expect(400);
      expect(fields(signup.body)).toEqual(['adminName', 'orgName']);
      expect(
        await count('SELECT count(*)::int AS count FROM organizations WHERE name LIKE $1', [
          `${orgName}%`,
        ]),
      ).toBe(0);
    });

    it('names the batch item with a NUL next to the other bad items, storing nothing', async () => {
      const org = await signupOrg(t.server);
      const rep = await addUser(t.server, org, 'rep');
      const res = await request(t.server)
        .post('/api/activities/batch')
        .set(bearer(org.adminToken))
        .send({
          activities: [
            { type: 'call', quantity: 1, userId: rep.user.id, note: 'fine\ttab\nnewline\r' },
            { type: 'call', quantity: 1, userId: rep.user.id, note: 'bad\u0000note' },
            { type: 'no_such_type', quantity: 1, userId: rep.user.id },
            { type: 'call', quantity: 1, userId: rep.user.id, externalId: 'x\u007f' },
          ],
        })
        .expect(400);
      expect(fields(res.body)).toEqual([
        'activities.1.note',
        'activities.2.type',
        'activities.3.externalId',
      ]);
      expect(
        await count('SELECT count(*)::int AS count FROM activities WHERE org_id = $1', [
          org.org.id,
        ]),
      ).toBe(0);
    });

    it('answers NUL in a single write, a query and a path with 400', async () => {
      const org = await signupOrg(t.server);
      const rep = await addUser(t.server, org, 'rep');
      const single = await request(t.server)
        .post('/api/activities')
        .set(bearer(rep.token))
        .send({ type: 'call', quantity: 1, note: '\u0000' })
        .expect(400);
      expect(fields(single.body)).toEqual(['note']);
      const team = await request(t.server)
        .post('/api/teams')
        .set(bearer(org.adminToken))
        .send({ name: 'Hunters\u0000' })
        .expect(400);
      expect(fields(team.body)).toEqual(['name']);

      const query = await request(t.server)
        .get('/api/activities?type=call%00')
        .set(bearer(org.adminToken))
        .expect(400);
      expect(fields(query.body)).toEqual(['type']);
      const path = await request(t.server)
        .get('/api/teams/abc%00')
        .set(bearer(org.adminToken))
        .expect(400);
      expect(fields(path.body)).toEqual(['id']);
      expect(
        await count('SELECT count(*)::int AS count FROM activities WHERE org_id = $1', [
          org.org.id,
        ]),
      ).toBe(0);
    });
  });

  describe('prototype keys (11.15)', () => {
    it.each(['__proto__', 'constructor', 'prototype'])(
      'rejects a %s key like any unknown key',
      async (key) => {
        const top = await postRaw(
          '/api/auth/login',
          `{"email":"a@example.test","password":"${PASSWORD}","${key}":{"isAdmin":true}}`,
        ).expect(400);
        expect(fields(top.body)).toEqual([key]);
        expect(top.body.errors[0].messages).toEqual([`${key} should not exist`]);

        const org = await signupOrg(t.server);
        const nested = await postRaw(
          '/api/activities/batch',
          `{"activities":[{"type":"call","quantity":1,"userEmail":"${org.admin.email}","${key}":{}}]}`,
          org.adminToken,
        ).expect(400);
        expect(fields(nested.body)).toEqual([`activities.0.${key}`]);
      },
    );
  });

  describe('numeric query bounds (11.11)', () => {
    it('answers an offset beyond any table with 400 naming it', async () => {
      const org = await signupOrg(t.server);
      for (const path of ['/api/activities', '/api/users', '/api/recognitions']) {
        const res = await request(t.server)
          .get(`${path}?offset=99999999999999999999`)
          .set(bearer(org.adminToken));
        expect(res.status).toBe(400);
        expect(fields(res.body)).toEqual(['offset']);
      }
      await request(t.server)
        .get('/api/activities?offset=1000000')
        .set(bearer(org.adminToken))
        .expect(200);
    });
  });

  describe('compressed bodies (11.14)', () => {
    const body = JSON.stringify({ email: 'nobody@example.test', password: PASSWORD });
    it.each([
      ['gzip', gzipSync(body)],
      ['deflate', deflateSync(body)],
      ['br', brotliCompressSync(body)],
    ])('reads a %s body', async (encoding, compressed) => {
      const res = await postBytes('/api/auth/login', compressed, { 'Content-Encoding': encoding });
      // A well-formed sign-in of an unknown user: read, validated, refused.
      expect(res.status).toBe(401);
    });

    it('reads x-gzip as gzip and answers a corrupt stream with 400, not 404', async () => {
      const alias = await postBytes('/api/auth/login', gzipSync(body), {
        'Content-Encoding': 'x-gzip',
      });
      expect(alias.status).toBe(401);
      const corrupt = await postBytes('/api/auth/login', Buffer.from(body), {
        'Content-Encoding': 'gzip',
      });
      expect(corrupt.status).toBe(400);
      expect(corrupt.body.message).toMatch(/could not be decompressed/);
    });

    it('takes a gzipped batch from a CRM', async () => {
      const org: OrgFixture = await signupOrg(t.server);
      const rep = await addUser(t.server, org, 'rep');
      const batch = { activities: [{ type: 'call', quantity: 2, userId: rep.user.id }] };
      const res = await postBytes('/api/activities/batch', gzipSync(JSON.stringify(batch)), {
        'Content-Encoding': 'gzip',
        Authorization: `Bearer ${org.adminToken}`,
      });
      expect(res.status).toBe(201);
      expect(res.body.created).toBe(1);
    });

    it('answers a zip bomb with 413 and an unknown encoding with 415', async () => {
      const inflated = Buffer.alloc(50 * 1024 * 1024, 97);
      inflated.write('{"email":"');
      const bomb = gzipSync(inflated);
      expect(bomb.length).toBeLessThan(1024 * 1024);
      const big = await postBytes('/api/auth/login', bomb, { 'Content-Encoding': 'gzip' });
      expect(big.status).toBe(413);
      expect(big.body.message).toMatch(/too large/);

      const odd = await postBytes('/api/auth/login', Buffer.from(body), {
        'Content-Encoding': 'compress',
      });
      expect(odd.status).toBe(415);
      expect(odd.body).toMatchObject({
        statusCode: 415,
        code: 'unsupported_encoding',
        error: 'Unsupported Media Type',
      });
      expect(odd.body.message).toMatch(/gzip, deflate or br/);
    });
  });

  describe('timestamps without an offset (11.16)', () => {
    const MESSAGE = /must be an ISO 8601 timestamp with a time zone offset \(Z or \+01:00\)/;

    it('refuses them on activities, contests and queries; takes Z and +01:00', async () => {
      const org = await signupOrg(t.server);
      const rep = await addUser(t.server, org, 'rep');
      const res = await request(t.server)
        .post('/api/activities')
        .set(bearer(rep.token))
        .send({ type: 'call', quantity: 1, occurredAt: '2026-11-30T09:00:00' })
        .expect(400);
      expect(fields(res.body)).toEqual(['occurredAt']);
      expect(res.body.errors[0].messages[0]).toMatch(MESSAGE);
      await request(t.server)
        .post('/api/activities')
        .set(bearer(rep.token))
        .send({ type: 'call', quantity: 1, occurredAt: '2026-11-30' })
        .expect(400);
      expect(
        await count('SELECT count(*)::int AS count FROM activities WHERE org_id = $1', [
          org.org.id,
        ]),
      ).toBe(0);

      const yesterday = new Date(Date.now() - 24 * 3600_000);
      await logActivity(t.server, rep.token, {
        type: 'call',
        quantity: 1,
        occurredAt: yesterday.toISOString(),
      });
      // The same kind of instant written with an offset: wall-clock one hour ahead, at +01:00.
      const wall = new Date(yesterday.getTime() + 3600_000).toISOString().slice(0, 19);
      await logActivity(t.server, rep.token, {
        type: 'call',
        quantity: 1,
        occurredAt: `${wall}+01:00`,
      });

      const contest = await request(t.server)
        .post('/api/contests')
        .set(bearer(org.adminToken))
        .send({
          name: 'No zone',
          startsAt: '2026-12-01T00:00:00',
          endsAt: '2026-12-08T00:00:00Z',
          participantIds: [rep.user.id],
          rules: [{ activityType: 'call', pointsPerUnit: 1 }],
          multipliers: [{ startsAt: '2026-12-02T09:00', endsAt: '2026-12-02T10:00Z', factor: 2 }],
        })
        .expect(400);
      expect(fields(contest.body)).toEqual(['multipliers.0.startsAt', 'startsAt']);

      const query = await request(t.server)
        .get('/api/activities?from=2026-11-30T09:00:00')
        .set(bearer(org.adminToken))
        .expect(400);
      expect(fields(query.body)).toEqual(['from']);
    });
  });
});
