import type { Connection, SavedConnection, UnmatchedOwner } from '@arena/contracts';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { connectionClient, pollFor } from '../../../test/connection-client';
import {
  addUser,
  bearer,
  signupOrg,
  type OrgFixture,
  type UserFixture,
} from '../../../test/builders';
import { FakeHubSpot } from '../../../test/fakes/hubspot-fake';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { hubspotSignature } from '../webhook-signatures';

const DAY = 86_400_000;

describe('HubSpot connection: backfill, incremental sync, corrections, limits and restarts', () => {
  let t: TestApp;
  let hubspot: FakeHubSpot;
  /** Another organisation's HubSpot account. */
  let secondAccount: FakeHubSpot;
  let org: OrgFixture;
  let dana: UserFixture;
  let eli: UserFixture;

  beforeAll(async () => {
    t = await startTestApp();
    hubspot = await new FakeHubSpot().start();
    secondAccount = await new FakeHubSpot().start();
    org = await signupOrg(t.server);
    dana = await addUser(t.server, org, 'rep');
    eli = await addUser(t.server, org, 'rep');
  });
  afterAll(async () => {
    await t.close();
    await hubspot.close();
    await secondAccount.close();
  });

  const admin = () => bearer(org.adminToken);
  const { get, activitiesOf, counted, synced, syncNow } = connectionClient(
    () => t.server,
    () => org.adminToken,
  );

  async function connect(credentials: Record<string, string>, backfillDays = 30) {
    const res = await request(t.server)
      .post('/api/connections')
      .set(admin())
      .send({
        name: 'HubSpot',
        kind: 'hubspot',
        settings: { apiBaseUrl: hubspot.url, backfillDays },
        credentials,
      })
      .expect(201);
    return res.body as SavedConnection;
  }

  it('backfills from the preset, then syncs changes: re-syncs, reopened deals, owner changes, unmatched owners', async () => {
    const token = `pat-${randomUUID()}`;
    hubspot.validTokens.add(token);
    hubspot.owners.push(
      { id: '101', email: dana.user.email, firstName: 'Dana', lastName: 'D', userId: 1 },
      { id: '102', email: eli.user.email, firstName: 'Eli', lastName: 'E', userId: 2 },
      { id: '103', email: 'ghost@elsewhere.test', firstName: 'G', lastName: 'H', userId: 3 },
    );
    const twoDaysAgo = new Date(Date.now() - 2 * DAY).toISOString();
    for (let i = 1; i <= 450; i++)
      hubspot.put('calls', String(i), {
        hs_call_status: 'COMPLETED',
        hs_timestamp: twoDaysAgo,
        hubspot_owner_id: '101',
      });
    hubspot.put('calls', '900', {
      hs_call_status: 'NO_ANSWER',
      hs_timestamp: twoDaysAgo,
      hubspot_owner_id: '101',
    });
    hubspot.put('calls', '901', {
      hs_call_status: 'COMPLETED',
      hs_timestamp: twoDaysAgo,
      hubspot_owner_id: '103',
    });
    hubspot.put('meetings', '1', {
      hs_meeting_outcome: 'COMPLETED',
      hs_meeting_start_time: twoDaysAgo,
      hubspot_owner_id: '102',
    });
    hubspot.put('deals', '7', {
      dealstage: 'closedwon',
      amount: '1250.50',
      closedate: twoDaysAgo,
      hubspot_owner_id: '101',
    });
    hubspot.put('deals', '8', {
      dealstage: 'appointmentscheduled',
      amount: '900',
      closedate: twoDaysAgo,
      hubspot_owner_id: '102',
    });
    // Modified before the backfill window: not read.
    hubspot.put(
      'calls',
      '1000',
      { hs_call_status: 'COMPLETED', hs_timestamp: twoDaysAgo, hubspot_owner_id: '101' },
      Date.now() - 40 * DAY,
    );

    const start = Date.now();
    const connection = await connect({ accessToken: token });
    expect(connection.webhookUrl).toMatch(/\/api\/hooks\//);
    expect(connection.sync).toMatchObject({ phase: 'backfill' });
    const after = await synced(connection.id, start);
    expect(after.sync).toMatchObject({ phase: 'incremental', progress: 1, recordsRead: 455 });
    expect(after.health).toMatchObject({ state: 'ok', unmatched: 1 });
    // 452 calls in pages of 200, 1 meeting, 2 deals (read once for both deal rules).
    expect(hubspot.calls.filter((c) => c.startsWith('POST /crm/v3/objects/calls/search'))).toEqual([
      'POST /crm/v3/objects/calls/search',
      'POST /crm/v3/objects/calls/search after=200',
      'POST /crm/v3/objects/calls/search after=400',
    ]);
    expect(await counted(dana.user.id, 'call')).toHaveLength(450);
    const [won] = await counted(dana.user.id, 'deal_won');
    expect(won).toMatchObject({ quantity: 1, occurredAt: twoDaysAgo, source: 'webhook' });
    expect((await counted(dana.user.id, 'revenue')).map((a) => a.quantity)).toEqual([1250.5]);
    expect(await counted(eli.user.id, 'meeting')).toHaveLength(1);
    const unmatched = (
      await request(t.server)
        .get(`/api/connections/${connection.id}/unmatched`)
        .set(admin())
        .expect(200)
    ).body as UnmatchedOwner[];
    expect(unmatched).toEqual([
      expect.objectContaining({
        ownerId: '103',
        ownerEmail: 'ghost@elsewhere.test',
        records: 1,
        byType: [{ activityType: 'call', quantity: 1, records: 1 }],
      }),
    ]);

    // Changes since the cursor: a deal won, one reopened, a call moved to another owner.
    hubspot.put('deals', '8', { dealstage: 'closedwon' });
    hubspot.put('deals', '7', { dealstage: 'contractsent' });
    hubspot.put('calls', '5', { hubspot_owner_id: '102' });
    const second = Date.now();
    await syncNow(connection.id);
    await synced(connection.id, second);
    expect(await counted(dana.user.id, 'deal_won')).toHaveLength(0);
    const reopened = (await activitiesOf(dana.user.id)).find((a) => a.type === 'deal_won')!;
    expect(reopened.voidReason).toBe(
      'HubSpot deals 7 no longer matches: properties.dealstage is "contractsent", not "closedwon"',
    );
    expect(await counted(eli.user.id, 'deal_won')).toHaveLength(1);
    expect((await counted(eli.user.id, 'revenue')).map((a) => a.quantity)).toEqual([900]);
    expect(await counted(dana.user.id, 'call')).toHaveLength(449);
    expect(await counted(eli.user.id, 'call')).toHaveLength(1);
    const moved = (await activitiesOf(dana.user.id)).find((a) => a.type === 'call' && a.voidedAt)!;
    expect(moved.voidReason).toMatch(/^HubSpot calls 5 changed \(owner\)/);

    // A re-sync of everything (the cursor set back to the start): nothing doubles.
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await db.query(`UPDATE connections SET cursor = cursor - 'objects' WHERE id = $1`, [
      connection.id,
    ]);
    await db.end();
    const third = Date.now();
    await syncNow(connection.id);
    await synced(connection.id, third);
    expect(await counted(dana.user.id, 'call')).toHaveLength(449);
    expect(await counted(eli.user.id, 'deal_won')).toHaveLength(1);
    expect((await activitiesOf(dana.user.id)).filter((a) => a.type === 'call')).toHaveLength(450);

    // The unmatched owner linked to a rep: scored once, back-dated.
    await request(t.server)
      .post(`/api/connections/${connection.id}/owners`)
      .set(admin())
      .send({ ownerId: '103', userId: eli.user.id })
      .expect(201);
    const linked = await pollFor(
      () => counted(eli.user.id, 'call'),
      (calls) => calls.length === 2,
    );
    expect(linked.map((a) => a.occurredAt)).toEqual([twoDaysAgo, twoDaysAgo]);
  }, 90_000);

  it("takes HubSpot's signed webhooks: events are read back through the API; wrong signatures are refused", async () => {
    const token = `pat-${randomUUID()}`;
    hubspot.validTokens.add(token);
    const connection = await connect({ accessToken: token, clientSecret: 'app-client-secret' }, 0);
    expect(connection.webhookUrl).toMatch(/\/api\/hooks\//);
    await synced(connection.id, Date.now() - 1000);
    const at = new Date(Date.now() - 3600_000).toISOString();
    hubspot.put('deals', '9001', {
      dealstage: 'closedwon',
      amount: '700',
      closedate: at,
      hubspot_owner_id: '102',
    });
    const path = new URL(connection.webhookUrl!).pathname;
    const send = (events: unknown[], secret = 'app-client-secret') => {
      const raw = JSON.stringify(events);
      const timestamp = String(Date.now());
      return request(t.server)
        .post(path)
        .set('Content-Type', 'application/json')
        .set('X-HubSpot-Request-Timestamp', timestamp)
        .set(
          'X-HubSpot-Signature-v3',
          hubspotSignature(secret, 'POST', connection.webhookUrl!, raw, timestamp),
        )
        .send(raw);
    };
    const event = (subscriptionType: string) => ({
      eventId: Math.floor(Math.random() * 1e9),
      subscriptionId: 12,
      portalId: 62515,
      appId: 1160452,
      occurredAt: Date.now(),
      subscriptionType,
      attemptNumber: 0,
      objectId: 9001,
      propertyName: 'dealstage',
      propertyValue: 'closedwon',
      changeSource: 'CRM',
    });
    expect((await send([event('deal.propertyChange')], 'wrong').expect(401)).body.code).toBe(
      'bad_signature',
    );
    const accepted = await send([event('deal.propertyChange')]).expect(202);
    await pollFor(
      async () =>
        (
          await request(t.server)
            .get(`/api/connections/${connection.id}/deliveries`)
            .set(admin())
            .expect(200)
        ).body.items as Array<{ id: string; status: string; recorded: number }>,
      (items) => items.some((d) => d.id === accepted.body.deliveryId && d.status === 'processed'),
    );
    expect((await counted(eli.user.id, 'revenue')).map((a) => a.quantity)).toContain(700);
    const removed = await send([event('deal.deletion')]).expect(202);
    await pollFor(
      async () =>
        (
          await request(t.server)
            .get(`/api/connections/${connection.id}/deliveries`)
            .set(admin())
            .expect(200)
        ).body.items as Array<{ id: string; status: string; voided: number }>,
      (items) =>
        items.some(
          (d) => d.id === removed.body.deliveryId && d.status === 'processed' && d.voided === 2,
        ),
    );
    expect((await counted(eli.user.id, 'revenue')).map((a) => a.quantity)).not.toContain(700);
  }, 90_000);

  it('waits out 429s and renews an expired OAuth token, storing the new one', async () => {
    hubspot.refreshTokens.set('refresh-1', { clientId: 'app-1', clientSecret: 'app-secret' });
    hubspot.put('meetings', '50', {
      hs_meeting_outcome: 'COMPLETED',
      hs_meeting_start_time: new Date(Date.now() - DAY).toISOString(),
      hubspot_owner_id: '101',
    });
    hubspot.rateLimit(2, 1);
    const start = Date.now();
    const connection = await connect({
      accessToken: 'expired-access-token',
      refreshToken: 'refresh-1',
      clientId: 'app-1',
      clientSecret: 'app-secret',
    });
    const done = await synced(connection.id, start);
    expect(done.health.state).toBe('ok');
    expect(hubspot.calls).toContain('POST /oauth/v1/token');
    // The renewed token is kept: the next run needs no refresh.
    const refreshes = hubspot.calls.filter((c) => c === 'POST /oauth/v1/token').length;
    const next = Date.now();
    await syncNow(connection.id);
    await synced(connection.id, next);
    expect(hubspot.calls.filter((c) => c === 'POST /oauth/v1/token')).toHaveLength(refreshes);
    expect((await counted(dana.user.id, 'meeting')).length).toBeGreaterThanOrEqual(1);

    // A token HubSpot refuses with no way to renew it: failing, with what to do.
    const refused = await connect({ accessToken: 'revoked' });
    const failing = await pollFor(
      () => get(refused.id),
      (c) => c.health.state === 'failing',
    );
    expect(failing.health.summary).toMatch(
      /HubSpot refused the access token .*expired.*connect again/,
    );
  });

  it('resumes from its cursor after a restart mid-sync, losing and doubling nothing', async () => {
    // Another organisation with its own HubSpot account.
    const other = await signupOrg(t.server);
    const rep = await addUser(t.server, other, 'rep');
    const hubspot = secondAccount;
    const token = `pat-${randomUUID()}`;
    hubspot.validTokens.add(token);
    hubspot.owners.push({
      id: '201',
      email: rep.user.email,
      firstName: 'R',
      lastName: 'R',
      userId: 9,
    });
    const yesterday = new Date(Date.now() - DAY).toISOString();
    for (let i = 5001; i <= 5600; i++)
      hubspot.put('calls', String(i), {
        hs_call_status: 'COMPLETED',
        hs_timestamp: yesterday,
        hubspot_owner_id: '201',
      });
    // Two pages, then HubSpot fails every search until it recovers.
    hubspot.failSearchesAfter(token, 2, Infinity);
    const res = await request(t.server)
      .post('/api/connections')
      .set(bearer(other.adminToken))
      .send({
        name: 'HubSpot',
        kind: 'hubspot',
        settings: { apiBaseUrl: hubspot.url, backfillDays: 7 },
        credentials: { accessToken: token },
        mapping: [
          {
            id: 'calls',
            object: 'calls',
            activityType: 'call',
            where: [{ field: 'properties.hs_call_status', in: ['COMPLETED'] }],
            timeField: 'properties.hs_timestamp',
            ownerIdField: 'properties.hubspot_owner_id',
            ownerEmailField: 'owner.email',
          },
        ],
      })
      .expect(201);
    const id = (res.body as SavedConnection).id;
    const read = async (app: TestApp) =>
      (
        await request(app.server)
          .get(`/api/activities?userId=${rep.user.id}&limit=1000`)
          .set(bearer(other.adminToken))
          .expect(200)
      ).body.total as number;
    await pollFor(
      () => read(t),
      (total) => total === 400,
    );
    // The instance stops mid-sync; another starts on the same database and the vendor recovers.
    await t.close();
    t = await startTestApp();
    hubspot.recover();
    await pollFor(
      () => read(t),
      (total) => total === 600,
    );
    const searches = hubspot.calls.filter((c) =>
      c.startsWith('POST /crm/v3/objects/calls/search after=4'),
    );
    expect(searches.length).toBeGreaterThanOrEqual(2); // The failed page, then the resumed one.
    expect(hubspot.calls).not.toContain('POST /crm/v3/objects/calls/search after=600');
    const connection = (
      await request(t.server)
        .get(`/api/connections/${id}`)
        .set(bearer(other.adminToken))
        .expect(200)
    ).body as Connection;
    expect(connection.sync).toMatchObject({ phase: 'incremental', recordsRead: 600 });
  }, 90_000);
});
