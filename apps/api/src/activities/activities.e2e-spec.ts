import type { Activity, ApiKey, CreateApiKeyResponse, Page } from '@arena/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  addUser,
  bearer,
  logActivity,
  signupOrg,
  type OrgFixture,
  type UserFixture,
} from '../../test/builders';
import { startTestApp, type TestApp } from '../../test/test-app';

describe('activity ingestion', () => {
  let t: TestApp;
  let org: OrgFixture;
  let manager: UserFixture;
  let rep: UserFixture;
  let stored: () => Promise<number>;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    org = await signupOrg(t.server);
    manager = await addUser(t.server, org, 'manager');
    rep = await addUser(t.server, org, 'rep');
    const dataSource = t.app.get(DataSource);
    stored = async () =>
      (
        await dataSource.query('SELECT count(*)::int AS n FROM activities WHERE org_id = $1', [
          org.org.id,
        ])
      )[0].n;
  });
  afterAll(() => t.close());

  describe('a single activity', () => {
    it('lets a rep log for themselves in two fields, defaulting occurredAt to now', async () => {
      const before = Date.now();
      const activity = await logActivity(t.server, rep.token, { type: 'call', quantity: 1 });
      expect(activity).toMatchObject({
        userId: rep.user.id,
        type: 'call',
        quantity: 1,
        source: 'manual',
        recordedBy: rep.user.id,
        duplicate: false,
      });
      expect(Date.parse(activity.occurredAt)).toBeGreaterThanOrEqual(before - 1000);
    });

    it('lets managers log for a rep by id or email, and forbids reps to log for others', async () => {
      await logActivity(t.server, manager.token, {
        type: 'meeting',
        quantity: 1,
        userId: rep.user.id,
      });
      const byEmail = await logActivity(t.server, manager.token, {
        type: 'revenue',
        quantity: 1234.56,
        userEmail: rep.user.email.toUpperCase(),
      });
      expect(byEmail).toMatchObject({ userId: rep.user.id, quantity: 1234.56 });
      const other = await addUser(t.server, org, 'rep');
      const res = await request(t.server)
        .post('/api/activities')
        .set(bearer(rep.token))
        .send({ type: 'call', quantity: 1, userId: other.user.id })
        .expect(403);
      expect(res.body.message).toMatch(/own activities/);
      expect(await stored()).toBe(2);
    });

    it('is idempotent by externalId within the organisation', async () => {
      const body = { type: 'call', quantity: 1, userId: rep.user.id, externalId: 'sf-call-1' };
      const first = await logActivity(t.server, manager.token, body, 201);
      const again = await logActivity(t.server, manager.token, { ...body, quantity: 5 }, 200);
      expect(again).toEqual({ ...first, duplicate: true });
      // Another organisation may use the same externalId.
      const other = await signupOrg(t.server);
      const otherRep = await addUser(t.server, other, 'rep');
      await logActivity(
        t.server,
        other.adminToken,
        { type: 'call', quantity: 1, userId: otherRep.user.id, externalId: 'sf-call-1' },
        201,
      );
      expect(await stored()).toBe(1);
    });

    it('answers each of many logged at once for itself, however they share writes (group commit)', async () => {
      const other = await addUser(t.server, org, 'rep');
      const bodies: Array<{ type: string; userId: string; quantity: number; externalId?: string }> =
        [
          ...Array.from({ length: 6 }, (_, i) => ({ externalId: `crm-${i}`, quantity: i + 1 })),
          ...Array.from({ length: 4 }, (_, i) => ({ externalId: 'crm-same', quantity: 10 + i })),
          { quantity: 20 },
          { quantity: 21 },
        ].map((body, i) => ({
          type: 'call',
          userId: i % 2 ? other.user.id : rep.user.id,
          ...body,
        }));
      const responses = await Promise.all(
        bodies.map((body) =>
          request(t.server).post('/api/activities').set(bearer(manager.token)).send(body),
        ),
      );
      for (const res of responses) expect(res.body).toMatchObject({ type: 'call' });
      const apart = bodies.flatMap((body, i) =>
        body.externalId === 'crm-same' ? [] : [{ body, res: responses[i] }],
      );
      expect(apart.map(({ res }) => [res.status, res.body.userId, res.body.quantity])).toEqual(
        apart.map(({ body }) => [201, body.userId, body.quantity]),
      );
      const same = responses.filter((_, i) => bodies[i].externalId === 'crm-same');
      expect(same.map((res) => res.status).sort()).toEqual([200, 200, 200, 201]);
      const first = same.find((res) => res.status === 201)!.body;
      for (const res of same) expect(res.body).toEqual({ ...first, duplicate: res.status === 200 });
      // How many shared a transaction depends on when each request got there (group-commit.spec
      // proves the grouping itself); whichever it was, each answer is its own.
      expect(await stored()).toBe(9);
    });

    it.each([
      ['a wrong type', { type: 'call', quantity: '3' }, 'quantity'],
      ['a negative count', { type: 'call', quantity: -1 }, 'quantity'],
      ['zero', { type: 'call', quantity: 0 }, 'quantity'],
      ['a fractional count', { type: 'call', quantity: 1.5 }, 'quantity'],
      ['three decimals of currency', { type: 'revenue', quantity: 10.555 }, 'quantity'],
      ['exponent notation (1e-7)', { type: 'revenue', quantity: 1e-7 }, 'quantity'],
      ['a huge number in exponent notation', { type: 'revenue', quantity: 1e21 }, 'quantity'],
      ['an unknown activity type', { type: 'telepathy', quantity: 1 }, 'type'],
      [
        'an unknown rep',
        { type: 'call', quantity: 1, userId: '00000000-0000-4000-8000-000000000000' },
        'userId',
      ],
      [
        'an unknown email',
        { type: 'call', quantity: 1, userEmail: 'nobody@example.test' },
        'userEmail',
      ],
      [
        'a future date',
        { type: 'call', quantity: 1, occurredAt: new Date(Date.now() + 10 * 60_000).toISOString() },
        'occurredAt',
      ],
      ['a malformed date', { type: 'call', quantity: 1, occurredAt: 'yesterday' }, 'occurredAt'],
      ['a 1 MB note', { type: 'call', quantity: 1, note: 'x'.repeat(1024 * 1024) }, 'note'],
      ['a 1 MB type', { type: 'x'.repeat(1024 * 1024), quantity: 1 }, 'type'],
      ['an unknown field', { type: 'call', quantity: 1, points: 1000 }, 'points'],
    ])('rejects %s with a 400 naming the field and stores nothing', async (_case, body, field) => {
      const res = await request(t.server)
        .post('/api/activities')
        .set(bearer(manager.token))
        .send({ userId: rep.user.id, ...body })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(res.body.message).toEqual(expect.any(String));
      expect(await stored()).toBe(0);
    });

    it('refuses a retired activity type', async () => {
      const types = (await request(t.server).get('/api/activity-types').set(bearer(org.adminToken)))
        .body as { id: string; key: string }[];
      await request(t.server)
        .patch(`/api/activity-types/${types.find((x) => x.key === 'site_visit')!.id}`)
        .set(bearer(org.adminToken))
        .send({ active: false })
        .expect(200);
      const res = await request(t.server)
        .post('/api/activities')
        .set(bearer(rep.token))
        .send({ type: 'site_visit', quantity: 1 })
        .expect(400);
      expect(res.body.errors).toEqual([
        { field: 'type', messages: ['activity type "site_visit" is retired'] },
      ]);
    });
  });

  describe('batches', () => {
    it('stores up to 1,000 at once and reports duplicates, within and across batches', async () => {
      const activities = Array.from({ length: 1000 }, (_, i) => ({
        type: i % 2 ? 'call' : 'meeting',
        quantity: 1,
        userEmail: rep.user.email,
        occurredAt: new Date(Date.now() - i * 60_000).toISOString(),
        externalId: `ext-${i % 990}`,
      }));
      const res = await request(t.server)
        .post('/api/activities/batch')
        .set(bearer(manager.token))
        .send({ activities })
        .expect(201);
      expect(res.body).toMatchObject({ created: 990, duplicates: 10 });
      expect(res.body.activities[995]).toMatchObject({
        duplicate: true,
        id: res.body.activities[5].id,
      });
      const again = await request(t.server)
        .post('/api/activities/batch')
        .set(bearer(manager.token))
        .send({ activities: activities.slice(0, 3) })
        .expect(201);
      expect(again.body).toMatchObject({ created: 0, duplicates: 3 });
      expect(await stored()).toBe(990);
    });

    it('rejects the whole batch when any item is invalid, naming each bad index', async () => {
      const ok = { type: 'call', quantity: 1, userId: rep.user.id };
      const res = await request(t.server)
        .post('/api/activities/batch')
        .set(bearer(manager.token))
        .send({
          activities: [
            ok,
            { ...ok, quantity: -2 },
            ok,
            { ...ok, type: 'nope' },
            { ...ok, userId: undefined, userEmail: 'ghost@example.test' },
          ],
        })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'activities.1.quantity',
        'activities.3.type',
        'activities.4.userEmail',
      ]);
      expect(res.body.message).toMatch(/Nothing was stored|Invalid request/);
      expect(await stored()).toBe(0);
    });

    it('refuses more than 1,000 items and an empty batch', async () => {
      const activities = Array.from({ length: 1001 }, () => ({
        type: 'call',
        quantity: 1,
        userId: rep.user.id,
      }));
      const res = await request(t.server)
        .post('/api/activities/batch')
        .set(bearer(manager.token))
        .send({ activities })
        .expect(400);
      expect(res.body.errors).toEqual([
        { field: 'activities', messages: ['activities may hold at most 1000 items'] },
      ]);
      await request(t.server)
        .post('/api/activities/batch')
        .set(bearer(manager.token))
        .send({ activities: [] })
        .expect(400);
      await request(t.server)
        .post('/api/activities/batch')
        .set(bearer(rep.token))
        .send({ activities: activities.slice(0, 1) })
        .expect(403);
      expect(await stored()).toBe(0);
    });
  });

  describe('voids and the log', () => {
    it('voids with a reason, once; reps void only their own', async () => {
      const own = await logActivity(t.server, rep.token, { type: 'call', quantity: 1 });
      const other = await addUser(t.server, org, 'rep');
      const theirs = await logActivity(t.server, other.token, { type: 'call', quantity: 1 });
      await request(t.server)
        .post(`/api/activities/${theirs.id}/void`)
        .set(bearer(rep.token))
        .send({ reason: 'not mine' })
        .expect(403);
      await request(t.server)
        .post(`/api/activities/${own.id}/void`)
        .set(bearer(rep.token))
        .send({})
        .expect(400);
      const voided = await request(t.server)
        .post(`/api/activities/${own.id}/void`)
        .set(bearer(rep.token))
        .send({ reason: 'Tapped twice' })
        .expect(200);
      expect(voided.body).toMatchObject({
        id: own.id,
        voidReason: 'Tapped twice',
        voidedBy: rep.user.id,
        voidedAt: expect.any(String),
      });
      await request(t.server)
        .post(`/api/activities/${own.id}/void`)
        .set(bearer(manager.token))
        .send({ reason: 'again' })
        .expect(409);
      const foreign = await signupOrg(t.server);
      await request(t.server)
        .post(`/api/activities/${theirs.id}/void`)
        .set(bearer(foreign.adminToken))
        .send({ reason: 'x' })
        .expect(404);
    });

    it('lets a rep void only what they logged themselves, on the local day they logged it', async () => {
      const dataSource = t.app.get(DataSource);
      const voidAs = (token: string, id: string) =>
        request(t.server)
          .post(`/api/activities/${id}/void`)
          .set(bearer(token))
          .send({ reason: 'not right' });
      // Logged for the rep by their manager: the rep's, but not the rep's to take back.
      const byManager = await logActivity(t.server, manager.token, {
        type: 'call',
        quantity: 1,
        userId: rep.user.id,
      });
      const refused = await voidAs(rep.token, byManager.id).expect(403);
      expect(refused.body.message).toMatch(/logged themselves/);
      // Logged by the rep today for three days ago: the day of logging is what counts.
      const backDated = await logActivity(t.server, rep.token, {
        type: 'call',
        quantity: 1,
        occurredAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
      });
      await voidAs(rep.token, backDated.id).expect(200);
      // Logged by the rep, but two days ago: only a manager can void it now.
      const old = await logActivity(t.server, rep.token, { type: 'call', quantity: 1 });
      await dataSource.query(
        `UPDATE activities SET recorded_at = now() - interval '2 days' WHERE id = $1`,
        [old.id],
      );
      const late = await voidAs(rep.token, old.id).expect(403);
      expect(late.body.message).toMatch(/day it was logged/);
      await voidAs(manager.token, old.id).expect(200);
      await voidAs(manager.token, byManager.id).expect(200);
    });

    it('pages and filters the log; reps see only their own', async () => {
      const other = await addUser(t.server, org, 'rep');
      for (let i = 0; i < 5; i++)
        await logActivity(t.server, rep.token, {
          type: i < 3 ? 'call' : 'demo',
          quantity: 1,
          occurredAt: `2026-11-0${i + 1}T10:00:00Z`,
        });
      await logActivity(t.server, other.token, { type: 'call', quantity: 1 });
      const mine = (
        await request(t.server)
          .get('/api/activities?limit=2&offset=1')
          .set(bearer(rep.token))
          .expect(200)
      ).body as Page<Activity>;
      expect(mine).toMatchObject({ total: 5, limit: 2, offset: 1 });
      expect(mine.items.map((a) => a.occurredAt)).toEqual([
        '2026-11-04T10:00:00.000Z',
        '2026-11-03T10:00:00.000Z',
      ]);
      const calls = (
        await request(t.server)
          .get(
            `/api/activities?type=call&userId=${rep.user.id}&from=2026-11-02T00:00:00Z&to=2026-11-05T00:00:00Z`,
          )
          .set(bearer(manager.token))
          .expect(200)
      ).body;
      expect(calls.total).toBe(2);
      expect(
        (await request(t.server).get('/api/activities').set(bearer(manager.token))).body.total,
      ).toBe(6);
      await request(t.server)
        .get(`/api/activities?userId=${other.user.id}`)
        .set(bearer(rep.token))
        .expect(403);
    });
  });

  describe('API keys', () => {
    it('are shown once, stored hashed, scoped, record their last use and stop working when revoked', async () => {
      const created = (
        await request(t.server)
          .post('/api/api-keys')
          .set(bearer(org.adminToken))
          .send({ name: 'CRM sync' })
          .expect(201)
      ).body as CreateApiKeyResponse;
      expect(created.key).toMatch(/^arena_/);
      expect(created).toMatchObject({
        name: 'CRM sync',
        scopes: ['activities:write'],
        lastUsedAt: null,
      });
      const hashes = await t.app
        .get(DataSource)
        .query('SELECT key_hash FROM api_keys WHERE id = $1', [created.id]);
      expect(hashes[0].key_hash).not.toContain(created.key);

      const activity = await logActivity(t.server, created.key, {
        type: 'deal_won',
        quantity: 1,
        userEmail: rep.user.email,
        externalId: 'opp-1',
      });
      expect(activity).toMatchObject({ source: 'api', apiKeyId: created.id, recordedBy: null });
      await request(t.server)
        .post('/api/activities')
        .set(bearer(created.key))
        .send({ type: 'call', quantity: 1 })
        .expect(400);
      await request(t.server).get('/api/activities').set(bearer(created.key)).expect(403); // no read scope
      await request(t.server).get('/api/users').set(bearer(created.key)).expect(403);
      await request(t.server).get('/api/me').set(bearer(created.key)).expect(403);

      const [listed] = (
        await request(t.server).get('/api/api-keys').set(bearer(org.adminToken)).expect(200)
      ).body as ApiKey[];
      expect(listed).not.toHaveProperty('key');
      expect(listed.lastUsedAt).toEqual(expect.any(String));

      await request(t.server)
        .delete(`/api/api-keys/${created.id}`)
        .set(bearer(org.adminToken))
        .expect(200);
      const res = await request(t.server)
        .post('/api/activities')
        .set(bearer(created.key))
        .send({ type: 'call', quantity: 1, userId: rep.user.id })
        .expect(401);
      expect(res.body.message).toMatch(/revoked/);
    });

    it('are managed by admins only and never cross organisations', async () => {
      await request(t.server)
        .post('/api/api-keys')
        .set(bearer(manager.token))
        .send({ name: 'x' })
        .expect(403);
      const key = (
        await request(t.server)
          .post('/api/api-keys')
          .set(bearer(org.adminToken))
          .send({ name: 'Reader', scopes: ['activities:read'] })
          .expect(201)
      ).body;
      await request(t.server)
        .post('/api/activities')
        .set(bearer(key.key))
        .send({ type: 'call', quantity: 1, userId: rep.user.id })
        .expect(403);
      expect(
        (await request(t.server).get('/api/activities').set(bearer(key.key)).expect(200)).body
          .total,
      ).toBe(0);
      const other = await signupOrg(t.server);
      const otherRep = await addUser(t.server, other, 'rep');
      await request(t.server)
        .delete(`/api/api-keys/${key.id}`)
        .set(bearer(other.adminToken))
        .expect(404);
      const writer = (
        await request(t.server)
          .post('/api/api-keys')
          .set(bearer(org.adminToken))
          .send({ name: 'W' })
          .expect(201)
      ).body;
      await request(t.server)
        .post('/api/activities')
        .set(bearer(writer.key))
        .send({ type: 'call', quantity: 1, userId: otherRep.user.id })
        .expect(400);
    });
  });
});
