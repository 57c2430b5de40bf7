import { randomUUID } from 'node:crypto';
import type { SavedConnection, UnmatchedOwner } from '@arena/contracts';
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
import { FakePipedrive } from '../../../test/fakes/pipedrive-fake';
import { startTestApp, type TestApp } from '../../../test/test-app';

const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

describe('Pipedrive connection: backfill and sync through API v2', () => {
  let t: TestApp;
  let pipedrive: FakePipedrive;
  let org: OrgFixture;
  let dana: UserFixture;
  let eli: UserFixture;

  beforeAll(async () => {
    t = await startTestApp();
    pipedrive = await new FakePipedrive().start();
    org = await signupOrg(t.server);
    dana = await addUser(t.server, org, 'rep');
    eli = await addUser(t.server, org, 'rep');
  });
  afterAll(async () => {
    await t.close();
    await pipedrive.close();
  });

  const admin = () => bearer(org.adminToken);
  const { get, counted, synced, syncNow } = connectionClient(
    () => t.server,
    () => org.adminToken,
  );

  it('backfills, syncs changes exactly once, waits out 429s and recovers from a refused token', async () => {
    const token = `pd-${randomUUID()}`;
    pipedrive.validTokens.add(token);
    pipedrive.users.push(
      { id: 11, name: 'Dana', email: dana.user.email, active_flag: true },
      { id: 12, name: 'Eli', email: eli.user.email, active_flag: true },
      { id: 13, name: 'Ghost', email: 'ghost@elsewhere.test', active_flag: true },
    );
    for (let id = 1; id <= 620; id++)
      pipedrive.put('activities', id, {
        type: 'call',
        done: true,
        due_date: day(-2),
        owner_id: 11,
      });
    pipedrive.put('activities', 700, { type: 'call', done: false, due_date: day(1), owner_id: 11 });
    pipedrive.put('activities', 701, {
      type: 'meeting',
      done: true,
      due_date: day(-1),
      owner_id: 12,
    });
    pipedrive.put('activities', 702, { type: 'call', done: true, due_date: day(-1), owner_id: 13 });
    pipedrive.put('deals', 77, {
      status: 'won',
      value: 1200,
      won_time: `${day(-2)}T10:00:00Z`,
      owner_id: 11,
    });
    pipedrive.put('deals', 78, { status: 'open', value: 800, won_time: null, owner_id: 12 });
    pipedrive.rateLimit(2);

    const start = Date.now();
    const res = await request(t.server)
      .post('/api/connections')
      .set(admin())
      .send({
        name: 'Pipedrive',
        kind: 'pipedrive',
        settings: { apiBaseUrl: pipedrive.url },
        credentials: { apiToken: token },
      })
      .expect(201);
    const connection = res.body as SavedConnection;
    expect(connection.webhookUrl).toMatch(/\/api\/hooks\//); // webhooks too
    const after = await synced(connection.id, start);
    expect(after.sync).toMatchObject({ phase: 'incremental', recordsRead: 625 });
    expect(after.health).toMatchObject({ state: 'ok', unmatched: 1 });
    expect(pipedrive.calls.filter((c) => c.startsWith('GET /api/v2/activities'))).toEqual([
      'GET /api/v2/activities',
      `GET /api/v2/activities cursor=${Buffer.from('500').toString('base64')}`,
    ]);
    expect(await counted(dana.user.id, 'call')).toHaveLength(620);
    expect(await counted(eli.user.id, 'meeting')).toHaveLength(1);
    expect((await counted(dana.user.id, 'revenue')).map((a) => a.quantity)).toEqual([1200]);
    const unmatched = (
      await request(t.server)
        .get(`/api/connections/${connection.id}/unmatched`)
        .set(admin())
        .expect(200)
    ).body as UnmatchedOwner[];
    expect(unmatched.map((o) => o.ownerId)).toEqual(['13']);

    // Changes: a won deal lost, an open one won, a call undone, a call moved to Eli.
    pipedrive.put('deals', 77, { status: 'lost' });
    pipedrive.put('deals', 78, { status: 'won', won_time: `${day(-1)}T09:00:00Z` });
    pipedrive.put('activities', 1, { done: false });
    pipedrive.put('activities', 2, { owner_id: 12 });
    const second = Date.now();
    await syncNow(connection.id);
    await synced(connection.id, second);
    expect(await counted(dana.user.id, 'deal_won')).toHaveLength(0);
    expect(await counted(eli.user.id, 'deal_won')).toHaveLength(1);
    expect(await counted(dana.user.id, 'call')).toHaveLength(618);
    expect(await counted(eli.user.id, 'call')).toHaveLength(1);

    // Everything read again: nothing doubles.
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await db.query(`UPDATE connections SET cursor = cursor - 'objects' WHERE id = $1`, [
      connection.id,
    ]);
    await db.end();
    const third = Date.now();
    await syncNow(connection.id);
    await synced(connection.id, third);
    expect(await counted(dana.user.id, 'call')).toHaveLength(618);
    expect(await counted(eli.user.id, 'revenue')).toHaveLength(1);

    // The token is revoked in Pipedrive: failing, saying what to do; a new token recovers it.
    pipedrive.validTokens.delete(token);
    await syncNow(connection.id);
    const failing = await pollFor(
      () => get(connection.id),
      (c) => c.health.state === 'failing',
    );
    expect(failing.health.summary).toMatch(/Pipedrive refused the API token .*save a new one/);
    const fresh = `pd-${randomUUID()}`;
    pipedrive.validTokens.add(fresh);
    await request(t.server)
      .patch(`/api/connections/${connection.id}`)
      .set(admin())
      .send({ credentials: { apiToken: fresh } })
      .expect(200);
    const fourth = Date.now();
    await syncNow(connection.id);
    const recovered = await synced(connection.id, fourth);
    expect(recovered.health.state).toBe('ok');
  }, 90_000);
});
