import type {
  Activity,
  ConnectionFreshness,
  ConnectionDelivery,
  ConnectionDeliveryDetail,
  DeliveryPage,
  Leaderboard,
  SavedConnection,
  UnmatchedOwner,
} from '@arena/contracts';
import { Client } from 'pg';
import request from 'supertest';
import { pollFor } from '../../test/connection-client';
import {
  addContest,
  addDisplay,
  addUser,
  bearer,
  signupOrg,
  uniqueEmail,
  type OrgFixture,
  type UserFixture,
} from '../../test/builders';
import { startTestApp, type TestApp } from '../../test/test-app';
import { arenaSignature } from './webhook-signatures';

describe('connections: webhooks in, mapped to activities exactly once', () => {
  let t: TestApp;
  let org: OrgFixture;
  let rep: UserFixture;

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrg(t.server);
    rep = await addUser(t.server, org, 'rep');
  });
  afterAll(() => t.close());

  const admin = () => bearer(org.adminToken);

  async function webhookConnection(fixture = org, extra: Record<string, unknown> = {}) {
    const res = await request(t.server)
      .post('/api/connections')
      .set(bearer(fixture.adminToken))
      .send({
        name: 'Dialer',
        kind: 'webhook',
        settings: { recordsPath: 'events' },
        mapping: [
          {
            id: 'calls',
            object: '*',
            activityType: 'call',
            idField: 'id',
            timeField: 'at',
            quantityField: 'count',
            ownerEmailField: 'agent',
          },
        ],
        ...extra,
      })
      .expect(201);
    return res.body as SavedConnection;
  }

  /** Posts `body` to the connection's webhook, signed with `secret` at `timestamp`. */
  function post(
    connection: SavedConnection,
    body: unknown,
    secret = connection.generatedCredentials['signingSecret'],
    timestamp = String(Math.floor(Date.now() / 1000)),
  ) {
    const raw = JSON.stringify(body);
    const path = new URL(connection.webhookUrl!).pathname;
    return request(t.server)
      .post(path)
      .set('Content-Type', 'application/json')
      .set('X-Arena-Timestamp', timestamp)
      .set('X-Arena-Signature', `sha256=${arenaSignature(secret, timestamp, raw)}`)
      .send(raw);
  }

  const deliveries = async (connection: SavedConnection) =>
    (
      await request(t.server)
        .get(`/api/connections/${connection.id}/deliveries`)
        .set(admin())
        .expect(200)
    ).body as DeliveryPage;

  async function processed(connection: SavedConnection, deliveryId: string) {
    return pollFor(
      async () => (await deliveries(connection)).items.find((d) => d.id === deliveryId)!,
      (delivery) => delivery.status !== 'queued',
    );
  }

  const activitiesOf = async (userId: string) =>
    (
      await request(t.server)
        .get(`/api/activities?userId=${userId}&limit=200`)
        .set(admin())
        .expect(200)
    ).body.items as Activity[];

  it('creates a connection from the preset, shows a secret once and never again', async () => {
    const res = await request(t.server)
      .post('/api/connections')
      .set(admin())
      // Its sync (Pipedrive is read through its API too) finds nobody on the discard port.
      .send({
        name: 'Pipedrive',
        kind: 'pipedrive',
        settings: { apiBaseUrl: 'http://127.0.0.1:9' },
        credentials: { apiToken: 'pd-token-123' },
      })
      .expect(201);
    const created = res.body as SavedConnection;
    expect(created.mapping.map((rule) => rule.id)).toEqual([
      'calls',
      'meetings',
      'deals-won',
      'deals-won-revenue',
    ]);
    expect(created.credentialsSet).toEqual(['apiToken', 'webhookPassword', 'webhookUser']);
    expect(Object.keys(created.generatedCredentials).sort()).toEqual([
      'webhookPassword',
      'webhookUser',
    ]);
    expect(created.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/hooks\/[\w-]{32}$/);
    expect(created.health).toMatchObject({ state: 'waiting', unmatched: 0, queued: 0 });
    const listed = await request(t.server).get('/api/connections').set(admin()).expect(200);
    const text = JSON.stringify(listed.body);
    expect(text).not.toContain('pd-token-123');
    expect(text).not.toContain(created.generatedCredentials['webhookPassword']);
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    const { rows } = await db.query('SELECT credentials FROM connections WHERE id = $1', [
      created.id,
    ]);
    await db.end();
    expect(rows[0].credentials).toMatch(/^v1\./);
    expect(rows[0].credentials).not.toContain('pd-token');
  });

  it('refuses bad definitions and other roles, storing nothing', async () => {
    const bad = await request(t.server)
      .post('/api/connections')
      .set(admin())
      .send({
        name: 'x',
        kind: 'webhook',
        mapping: [{ id: 'a', object: '*', activityType: 'nope', timeField: 'at' }],
        credentials: { apiToken: 'not a webhook credential' },
      })
      .expect(400);
    expect(bad.body.code).toBe('invalid_input');
    const fields = (bad.body.errors as Array<{ field: string }>).map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['mapping.0.activityType', 'mapping.0.ownerIdField']),
    );
    await request(t.server).get('/api/connections').set(bearer(rep.token)).expect(403);
    const other = await signupOrg(t.server);
    const mine = await webhookConnection();
    await request(t.server)
      .get(`/api/connections/${mine.id}`)
      .set(bearer(other.adminToken))
      .expect(404);
    await request(t.server)
      .get(`/api/connections/${mine.id}/deliveries`)
      .set(bearer(other.adminToken))
      .expect(404);
  });

  it('records, re-syncs, corrects and voids from signed webhooks; keeps and then scores unmatched owners', async () => {
    const contest = await addContest(t.server, org, {
      participantScope: 'all',
      participantIds: [],
      rules: [{ activityType: 'call', pointsPerUnit: 2 }],
    });
    const connection = await webhookConnection();
    const stranger = uniqueEmail('newhire');
    const at = new Date(Date.now() - 3 * 3600_000).toISOString();
    const body = {
      events: [
        { id: 'c-1', at, count: 3, agent: rep.user.email.toUpperCase() },
        { id: 'c-2', at, count: 2, agent: stranger },
      ],
    };
    const first = await post(connection, body).expect(202);
    const delivery = await processed(connection, first.body.deliveryId);
    expect(delivery).toMatchObject({
      status: 'processed',
      records: 2,
      recorded: 1,
      unmatched: 1,
      error: null,
    });
    let mine = await activitiesOf(rep.user.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ type: 'call', quantity: 3, source: 'webhook', occurredAt: at });
    expect(mine[0].externalId).toMatch(/^crm:/);
    expect(mine[0].note).toBe('From Dialer: Webhook (any JSON) * c-1');

    // The same records again (a retry or a re-sync): nothing is counted twice.
    const again = await post(connection, body).expect(202);
    expect(await processed(connection, again.body.deliveryId)).toMatchObject({
      status: 'processed',
      recorded: 0,
      voided: 0,
    });
    expect(await activitiesOf(rep.user.id)).toHaveLength(1);

    // The record changes: its activity is voided with the reason, the corrected one recorded.
    const changed = await post(connection, { events: [{ ...body.events[0], count: 5 }] });
    expect(await processed(connection, changed.body.deliveryId)).toMatchObject({
      recorded: 1,
      voided: 1,
    });
    mine = await activitiesOf(rep.user.id);
    const voided = mine.find((a) => a.voidedAt)!;
    expect(voided.voidReason).toBe(
      'Webhook (any JSON) * c-1 changed (quantity 3 → 5): the corrected activity replaces this one',
    );
    expect(mine.filter((a) => !a.voidedAt).map((a) => a.quantity)).toEqual([5]);

    const board = async () =>
      (
        await request(t.server)
          .get(`/api/contests/${contest.id}/leaderboard`)
          .set(admin())
          .expect(200)
      ).body as Leaderboard;
    const points = async (userId: string) =>
      (await board()).entries.find((e) => e.participant.id === userId)?.points ?? 0;
    expect(await points(rep.user.id)).toBe(10);

    // Unmatched: kept with what it would count, scored once the owner is a rep and linked.
    const unmatched = (
      await request(t.server)
        .get(`/api/connections/${connection.id}/unmatched`)
        .set(admin())
        .expect(200)
    ).body as UnmatchedOwner[];
    expect(unmatched).toEqual([
      {
        ownerId: null,
        ownerEmail: stranger,
        records: 1,
        byType: [{ activityType: 'call', quantity: 2, records: 1 }],
        firstAt: at,
        lastAt: at,
      },
    ]);
    const hire = await addUser(t.server, org, 'rep');
    const linked = await request(t.server)
      .post(`/api/connections/${connection.id}/owners`)
      .set(admin())
      .send({ ownerEmail: stranger, userId: hire.user.id })
      .expect(201);
    expect(linked.body).toMatchObject({ queued: 1, link: { ownerEmail: stranger } });
    const scored = await pollFor(
      () => activitiesOf(hire.user.id),
      (items) => items.length === 1,
    );
    expect(scored[0]).toMatchObject({ quantity: 2, occurredAt: at });
    expect(await points(hire.user.id)).toBe(4);
    const after = await request(t.server)
      .get(`/api/connections/${connection.id}/unmatched`)
      .set(admin())
      .expect(200);
    expect(after.body).toEqual([]);

    // Replaying the latest delivery: nothing doubles.
    await request(t.server)
      .post(`/api/connections/${connection.id}/deliveries/${changed.body.deliveryId}/replay`)
      .set(admin())
      .expect(202);
    expect(await processed(connection, changed.body.deliveryId)).toMatchObject({
      status: 'processed',
      recorded: 0,
      voided: 0,
      attempts: 2,
    });
    expect((await activitiesOf(rep.user.id)).filter((a) => !a.voidedAt)).toHaveLength(1);

    // Deleted in the CRM: voided, with the reason.
    const deleted = await post(connection, { events: [{ ...body.events[1], deleted: true }] });
    expect(await processed(connection, deleted.body.deliveryId)).toMatchObject({ voided: 1 });
    const gone = (await activitiesOf(hire.user.id)).find((a) => a.voidedAt)!;
    expect(gone.voidReason).toBe('Webhook (any JSON) * c-2 was deleted');
    expect(await points(hire.user.id)).toBe(0);

    const health = await request(t.server)
      .get(`/api/connections/${connection.id}`)
      .set(admin())
      .expect(200);
    expect(health.body.health).toMatchObject({ state: 'ok', unmatched: 0, queued: 0 });
    expect(health.body.health.recordsLastHour).toBe(6);
  });

  it('refuses wrong, replayed and unsigned webhooks with 401, storing nothing', async () => {
    const connection = await webhookConnection();
    const body = {
      events: [{ id: 'x', at: new Date().toISOString(), count: 1, agent: rep.user.email }],
    };
    const wrong = await post(connection, body, 'not-the-secret').expect(401);
    expect(wrong.body.code).toBe('bad_signature');
    const old = String(Math.floor(Date.now() / 1000) - 6 * 60);
    expect((await post(connection, body, undefined, old).expect(401)).body.message).toMatch(
      /5 minutes/,
    );
    await request(t.server).post(new URL(connection.webhookUrl!).pathname).send(body).expect(401);
    await request(t.server).post('/api/hooks/unknown-token-unknown-token').send(body).expect(404);
    expect((await deliveries(connection)).total).toBe(0);
    await request(t.server)
      .patch(`/api/connections/${connection.id}`)
      .set(admin())
      .send({ status: 'paused' })
      .expect(200);
    expect((await post(connection, body).expect(409)).body.code).toBe('connection_paused');
    expect((await deliveries(connection)).total).toBe(0);
  });

  it('tells everyone who reads boards how fresh the data is, and nothing else', async () => {
    const connection = await webhookConnection(org, { name: 'Dialer (fresh)' });
    const body = {
      events: [{ id: 'f1', at: new Date().toISOString(), count: 1, agent: rep.user.email }],
    };
    const sent = await post(connection, body).expect(202);
    await processed(connection, sent.body.deliveryId);
    const contest = await addContest(t.server, org, {
      participantScope: 'all',
      participantIds: [],
    });
    const display = await addDisplay(t.server, org, [contest.id]);
    for (const token of [rep.token, display.token]) {
      const res = await request(t.server)
        .get('/api/connections/freshness')
        .set(bearer(token))
        .expect(200);
      const mine = (res.body as ConnectionFreshness[]).find((c) => c.id === connection.id)!;
      expect(mine).toEqual({
        id: connection.id,
        name: 'Dialer (fresh)',
        kind: 'webhook',
        state: 'ok',
        asOf: expect.any(String),
        summary: expect.stringMatching(/^Last record \d+ s ago$/),
      });
      expect(JSON.stringify(res.body)).not.toContain('hooks/');
    }
    const other = await signupOrg(t.server);
    const theirs = await request(t.server)
      .get('/api/connections/freshness')
      .set(bearer(other.adminToken))
      .expect(200);
    expect(theirs.body).toEqual([]);
  });

  it('keeps a payload the mapping cannot read in the log, with a clear error', async () => {
    const connection = await webhookConnection();
    const res = await post(connection, { rows: [] }).expect(202);
    const delivery = (await processed(connection, res.body.deliveryId)) as ConnectionDelivery;
    expect(delivery).toMatchObject({
      status: 'failed',
      error: 'The payload cannot be read: the body has nothing at "events".',
    });
    const detail = (
      await request(t.server)
        .get(`/api/connections/${connection.id}/deliveries/${delivery.id}`)
        .set(admin())
        .expect(200)
    ).body as ConnectionDeliveryDetail;
    expect(detail.body).toEqual({ rows: [] });
    const partly = await post(connection, {
      events: [
        { id: 'ok-1', at: new Date().toISOString(), count: 1, agent: rep.user.email },
        { id: 'bad-1', at: 'last tuesday', count: 1, agent: rep.user.email },
      ],
    });
    expect(await processed(connection, partly.body.deliveryId)).toMatchObject({
      status: 'failed',
      recorded: 1,
      error:
        '1 record could not be read: Webhook (any JSON) * bad-1: "at" is "last tuesday", not a time',
    });
  });

  it("verifies Pipedrive's HTTP auth and reads its v2 payloads (a reopened deal is voided)", async () => {
    const res = await request(t.server)
      .post('/api/connections')
      .set(admin())
      .send({ name: 'Pipedrive', kind: 'pipedrive' })
      .expect(201);
    const connection = res.body as SavedConnection;
    const { webhookUser, webhookPassword } = connection.generatedCredentials;
    const path = new URL(connection.webhookUrl!).pathname;
    await request(t.server)
      .post(`/api/connections/${connection.id}/owners`)
      .set(admin())
      .send({ ownerId: '18487521', userId: rep.user.id })
      .expect(201);
    const deal = (status: string) => ({
      meta: { action: 'change', entity: 'deal', entity_id: '77', version: '2.0' },
      data: {
        id: 77,
        title: 'Big deal',
        value: 1200,
        status,
        owner_id: 18487521,
        won_time: '2026-11-30T14:25:27Z',
        update_time: '2026-11-30T14:25:28Z',
      },
      previous: null,
    });
    await request(t.server).post(path).auth(webhookUser, 'wrong').send(deal('won')).expect(401);
    const won = await request(t.server)
      .post(path)
      .auth(webhookUser, webhookPassword)
      .send(deal('won'))
      .expect(202);
    expect(await processed(connection, won.body.deliveryId)).toMatchObject({
      status: 'processed',
      recorded: 2,
    });
    const reopened = await request(t.server)
      .post(path)
      .auth(webhookUser, webhookPassword)
      .send(deal('open'))
      .expect(202);
    expect(await processed(connection, reopened.body.deliveryId)).toMatchObject({ voided: 2 });
    const reasons = (await activitiesOf(rep.user.id))
      .filter((a) => a.voidedAt && a.type !== 'call')
      .map((a) => `${a.type}: ${a.voidReason}`)
      .sort();
    expect(reasons).toEqual([
      'deal_won: Pipedrive deal 77 no longer matches: status is "open", not "won"',
      'revenue: Pipedrive deal 77 no longer matches: status is "open", not "won"',
    ]);
  });
});
