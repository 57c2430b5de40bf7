import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { addUser, bearer, logActivity, signupOrg } from '../../test/builders';
import { connectLive, FollowedBoard } from '../../test/live-client';
import { testDatabaseUrl } from '../../test/test-app';

const MAIN = resolve(__dirname, '../../dist/main.js');
const REDIS_URL = process.env['REDIS_URL'];

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.on('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Instance {
  url: string;
  process: ChildProcess;
  output: string[];
}

/** A real `node apps/api/dist/main.js` process, as docker-compose runs each API instance. */
async function startInstance(): Promise<Instance> {
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: testDatabaseUrl(),
      REDIS_URL,
      JWT_SECRET: 'shared-secret-of-both-instances-at-least-32-chars',
      DEMO: '0',
      LOG_LEVEL: 'warn',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'arena-instance-')),
      WEB_DIST: join(tmpdir(), 'arena-no-web-build'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => output.push(String(chunk)));
  child.stderr?.on('data', (chunk) => output.push(String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`instance exited: ${output.join('')}`);
    const healthy = await fetch(`${url}/api/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (healthy) return { url, process: child, output };
    await new Promise((done) => setTimeout(done, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`instance did not become healthy: ${output.join('')}`);
}

async function stopInstance(instance: Instance): Promise<void> {
  if (instance.process.exitCode !== null) return;
  const exited = new Promise((done) => instance.process.once('exit', done));
  instance.process.kill('SIGTERM');
  await exited;
}

// Needs Redis: `.ci/run` provides one and sets REDIS_URL; without it this reports itself skipped.
const describeWithRedis = REDIS_URL ? describe : describe.skip;

describeWithRedis('two API instances sharing PostgreSQL and Redis', () => {
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: build the API first (nx run api:build)`);
    [a, b] = await Promise.all([startInstance(), startInstance()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map(stopInstance));
  });

  it('delivers an activity logged on A to a client of B, numbered once across both', async () => {
    const org = await signupOrg(a.url);
    const rep = await addUser(a.url, org, 'rep', { name: 'Remy' });
    const created = await request(a.url)
      .post('/api/contests')
      .set(bearer(org.adminToken))
      .send({
        name: 'Across instances',
        startsAt: new Date(Date.now() - 3_600_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        participantIds: [rep.user.id],
        rules: [{ activityType: 'call', pointsPerUnit: 3 }],
      })
      .expect(201);
    await request(a.url)
      .post(`/api/contests/${created.body.id}/publish`)
      .set(bearer(org.adminToken))
      .expect(200);

    const onB = await connectLive(b.url, org.adminToken);
    const onA = await connectLive(a.url, org.adminToken);
    try {
      const viaB = await FollowedBoard.follow(onB, created.body.id);
      const viaA = await FollowedBoard.follow(onA, created.body.id);
      expect(viaB.board!.seq).toBe(0);

      await logActivity(a.url, rep.token, { type: 'call', quantity: 2 });
      const first = await viaB.until((board) => board.entries[0].points === 6);
      expect(first.seq).toBe(1);
      expect(viaB.updates.map((update) => update.seq)).toEqual([1]);

      await logActivity(b.url, rep.token, { type: 'call', quantity: 1 });
      const second = await viaA.until((board) => board.entries[0].points === 9);
      expect(second.seq).toBe(2);
      await viaB.until((board) => board.seq === 2 && board.entries[0].points === 9);
      expect(viaA.updates.map((update) => update.seq)).toEqual([1, 2]);
      expect(viaB.resyncs + viaA.resyncs).toBe(2);
    } finally {
      onA.close();
      onB.close();
    }
  });
});
