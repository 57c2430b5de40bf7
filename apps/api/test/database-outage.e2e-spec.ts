import request from 'supertest';
import { Client } from 'pg';
import { runMigrations } from '../src/database/data-source';
import { addUser, bearer, signupOrg, type OrgFixture, type UserFixture } from './builders';
import { connectLive, refusalOf } from './live-client';
import { startPostgresProcess, type PostgresProcess } from './postgres-process';
import { startTestApp, type TestApp } from './test-app';

async function until<T>(what: string, probe: () => Promise<T | null>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * A database that stalls or drops connections must answer 503 in bounded time (never hang, never
 * 500), lose nothing acknowledged, and a transaction cut before its COMMIT runs again. This test
 * runs its OWN PostgreSQL, which it pauses and whose connections it kills.
 */
describe('database outages', () => {
  let db: PostgresProcess;
  let admin: Client;
  let t: TestApp;
  let org: OrgFixture;
  let manager: UserFixture;
  let rep: UserFixture;

  const QUERY_TIMEOUT_MS = 2000;
  const ingest = (externalId: string, timeout = 15_000) =>
    request(t.server)
      .post('/api/activities')
      .set(bearer(manager.token))
      .timeout(timeout)
      .send({ type: 'call', quantity: 1, userId: rep.user.id, externalId });
  beforeAll(async () => {
    db = await startPostgresProcess();
    await runMigrations(db.url);
    admin = new Client({ connectionString: db.url });
    await admin.connect();
    t = await startTestApp({
      DATABASE_URL: db.url,
      DB_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
      DB_CONNECT_TIMEOUT_MS: '2000',
    });
    org = await signupOrg(t.server);
    manager = await addUser(t.server, org, 'manager');
    rep = await addUser(t.server, org, 'rep');
  }, 120_000);
  afterAll(async () => {
    db?.resume();
    await t?.close().catch(() => undefined);
    await admin?.end().catch(() => undefined);
    await db?.stop();
  }, 60_000);

  it('runs a transaction again when its connection is killed before COMMIT (201, not 500)', async () => {
    // Hold the organisation's activity lock, so the ingest waits inside its transaction…
    const blocker = new Client({ connectionString: db.url });
    await blocker.connect();
    try {
      await blocker.query('SELECT pg_advisory_lock(7301, hashtext($1))', [org.org.id]);
      const pending = ingest('killed-mid-transaction');
      const answer = pending.then((res) => res);
      // …then kill exactly that connection, and let the lock go.
      const waiting = await until('the ingest to wait for the lock', async () => {
        const { rows } = await admin.query(
          `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'
             AND pid <> $1`,
          [(await blocker.query('SELECT pg_backend_pid() AS pid')).rows[0].pid],
        );
        return rows.length > 0 ? (rows[0].pid as number) : null;
      });
      await admin.query('SELECT pg_terminate_backend($1)', [waiting]);
      await blocker.query('SELECT pg_advisory_unlock(7301, hashtext($1))', [org.org.id]);
      const res = await answer;
      expect(res.status).toBe(201);
    } finally {
      await blocker.end();
    }
    const { rows } = await admin.query(
      `SELECT count(*)::int AS n FROM activities WHERE org_id = $1 AND external_id = 'killed-mid-transaction'`,
      [org.org.id],
    );
    expect(rows[0].n).toBe(1);
  }, 60_000);

  it('never answers 500 while app connections are killed under load; what it acknowledges is stored', async () => {
    let done = false;
    const killer = (async () => {
      let kills = 0;
      while (!done || kills === 0) {
        const { rows } = await admin.query(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        );
        kills += rows[0].n;
      }
      return kills;
    })();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => ingest(`under-fire-${i}`)),
    ).finally(() => {
      done = true;
    });
    const kills = await killer;
    expect(kills).toBeGreaterThan(0);
    const tally = answers.reduce<Record<number, number>>(
      (sum, res) => ({ ...sum, [res.status]: (sum[res.status] ?? 0) + 1 }),
      {},
    );
    console.info(`${kills} connections killed under 30 ingests: ${JSON.stringify(tally)}`);
    expect(
      answers
        .filter((res) => res.status >= 500 && res.status !== 503)
        .map((res) => `${res.status} ${res.text}`),
    ).toEqual([]);
    for (const res of answers.filter((r) => r.status === 503))
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
    const acknowledged = answers.filter((res) => res.status === 201).map((res) => res.body.id);
    const { rows } = await admin.query(`SELECT id FROM activities WHERE id = ANY($1::uuid[])`, [
      acknowledged,
    ]);
    expect(rows).toHaveLength(acknowledged.length);
    // Once the killing stops, the next ingest simply works.
    await ingest('after-kills').expect(201);
    const verify = await request(t.server)
      .post('/api/admin/verify-scores')
      .set(bearer(org.adminToken))
      .expect(200);
    expect(verify.body.differences).toEqual([]);
  }, 60_000);

  it('answers 503 with Retry-After within a bound while PostgreSQL is paused, and loses nothing', async () => {
    const before = await ingest('before-pause').expect(201);

    db.pause();
    try {
      const started = Date.now();
      const during = await ingest('during-pause');
      const took = Date.now() - started;
      expect(during.status).toBe(503);
      expect(during.headers['retry-after']).toMatch(/^\d+$/);
      expect(during.body.message).toMatch(/unavailable/i);
      expect(during.body.code).toBe('unavailable');
      expect(took).toBeLessThan(10_000);
      console.info(`paused PostgreSQL: ingest answered ${during.status} in ${took} ms`);
      // A live handshake that cannot check its token says the same, with when to retry.
      const refused = await refusalOf(connectLive(t.baseUrl, manager.token));
      expect(refused.data).toEqual({ code: 'unavailable', retryAfterMs: 5000 });
      const healthStarted = Date.now();
      const health = await request(t.server).get('/api/health').timeout(10_000);
      expect(health.status).toBe(503);
      console.info(`paused PostgreSQL: health answered 503 in ${Date.now() - healthStarted} ms`);
    } finally {
      db.resume();
    }

    // The next ingest works at once, and a client retrying the refused one is not counted twice.
    await ingest('after-pause').expect(201);
    const retried = await ingest('during-pause');
    expect([200, 201]).toContain(retried.status);
    const { rows } = await admin.query(
      `SELECT external_id FROM activities WHERE org_id = $1 AND external_id LIKE '%-pause'
       ORDER BY external_id`,
      [org.org.id],
    );
    expect(rows.map((row) => row.external_id)).toEqual([
      'after-pause',
      'before-pause',
      'during-pause',
    ]);
    expect(before.body.id).toBeDefined();
  }, 60_000);
});
