import { randomUUID } from 'node:crypto';
import type { SavedConnection } from '@arena/contracts';
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
import { FakeSalesforce } from '../../../test/fakes/salesforce-fake';
import { startTestApp, type TestApp } from '../../../test/test-app';

const DAY = 86_400_000;

describe('Salesforce connection: SOQL backfill and sync through jsforce', () => {
  let t: TestApp;
  let salesforce: FakeSalesforce;
  let org: OrgFixture;
  let dana: UserFixture;
  let eli: UserFixture;

  beforeAll(async () => {
    t = await startTestApp();
    salesforce = await new FakeSalesforce().start();
    org = await signupOrg(t.server);
    dana = await addUser(t.server, org, 'rep');
    eli = await addUser(t.server, org, 'rep');
  });
  afterAll(async () => {
    await t.close();
    await salesforce.close();
  });

  const admin = () => bearer(org.adminToken);
  const { get, activitiesOf, counted, synced, syncNow } = connectionClient(
    () => t.server,
    () => org.adminToken,
  );

  it('backfills, pages, voids reopened and deleted records, renews an expired session, links owners', async () => {
    salesforce.pageSize = 200;
    salesforce.users.set('005A', dana.user.email);
    salesforce.users.set('005B', eli.user.email);
    salesforce.users.set('005C', 'contractor@elsewhere.test');
    salesforce.refreshTokens.set('5Aep-refresh', {
      clientId: 'consumer-key',
      clientSecret: 'consumer-secret',
    });
    const yesterday = new Date(Date.now() - DAY).toISOString().replace('Z', '+0000');
    for (let i = 1; i <= 450; i++)
      salesforce.put('Task', `00T${i}`, {
        TaskSubtype: 'Call',
        Status: 'Completed',
        CompletedDateTime: yesterday,
        OwnerId: '005A',
      });
    salesforce.put('Task', '00T900', {
      TaskSubtype: 'Email',
      Status: 'Completed',
      CompletedDateTime: yesterday,
      OwnerId: '005A',
    });
    salesforce.put('Task', '00T901', {
      TaskSubtype: 'Call',
      Status: 'Completed',
      CompletedDateTime: yesterday,
      OwnerId: '005C',
    });
    salesforce.put('Event', '00U1', { StartDateTime: yesterday, OwnerId: '005B' });
    salesforce.put('Opportunity', '006A', {
      IsWon: true,
      Amount: 5000,
      CloseDate: yesterday.slice(0, 10),
      OwnerId: '005A',
    });

    const start = Date.now();
    const res = await request(t.server)
      .post('/api/connections')
      .set(admin())
      .send({
        name: 'Salesforce',
        kind: 'salesforce',
        settings: { apiBaseUrl: salesforce.url },
        credentials: {
          instanceUrl: salesforce.url,
          // An expired session: renewed with the refresh token before the first page.
          accessToken: 'expired-session',
          refreshToken: '5Aep-refresh',
          clientId: 'consumer-key',
          clientSecret: 'consumer-secret',
        },
      })
      .expect(201);
    const connection = res.body as SavedConnection;
    const after = await synced(connection.id, start);
    expect(after.sync).toMatchObject({ phase: 'incremental', recordsRead: 454 });
    expect(after.health).toMatchObject({ state: 'ok', unmatched: 1 });
    expect(salesforce.calls).toContain('POST /services/oauth2/token');
    expect(
      salesforce.calls.filter((c) => c.startsWith('GET /services/data/v62.0/query/')),
    ).toHaveLength(2);
    expect(await counted(dana.user.id, 'call')).toHaveLength(450);
    expect(await counted(eli.user.id, 'meeting')).toHaveLength(1);
    expect((await counted(dana.user.id, 'revenue')).map((a) => a.quantity)).toEqual([5000]);

    // Changes: the opportunity reopened, a call deleted; the renewed session is reused.
    const refreshes = salesforce.calls.filter((c) => c === 'POST /services/oauth2/token').length;
    salesforce.put('Opportunity', '006A', { IsWon: false });
    salesforce.put('Task', '00T1', { IsDeleted: true });
    const second = Date.now();
    await syncNow(connection.id);
    await synced(connection.id, second);
    expect(await counted(dana.user.id, 'deal_won')).toHaveLength(0);
    expect(await counted(dana.user.id, 'call')).toHaveLength(449);
    const voided = (await activitiesOf(dana.user.id)).filter((a) => a.voidedAt);
    expect(voided.map((a) => a.voidReason).sort()).toEqual([
      'Salesforce Opportunity 006A no longer matches: IsWon is false, not true',
      'Salesforce Opportunity 006A no longer matches: IsWon is false, not true',
      'Salesforce Task 00T1 was deleted',
    ]);
    expect(salesforce.calls.filter((c) => c === 'POST /services/oauth2/token')).toHaveLength(
      refreshes,
    );

    // Everything read again: nothing doubles. The contractor linked: scored once.
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
    await request(t.server)
      .post(`/api/connections/${connection.id}/owners`)
      .set(admin())
      .send({ ownerId: '005C', userId: eli.user.id })
      .expect(201);
    await pollFor(
      () => counted(eli.user.id, 'call'),
      (calls) => calls.length === 1,
    );

    // A refused refresh token: failing, saying what to do.
    const broken = await request(t.server)
      .post('/api/connections')
      .set(admin())
      .send({
        name: 'Salesforce (old)',
        kind: 'salesforce',
        settings: { apiBaseUrl: salesforce.url },
        credentials: { instanceUrl: salesforce.url, accessToken: `gone-${randomUUID()}` },
      })
      .expect(201);
    const failing = await pollFor(
      () => get(broken.body.id),
      (c) => c.health.state === 'failing',
    );
    expect(failing.health.summary).toMatch(/Salesforce refused the session/);
  }, 90_000);
});
