import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { testDatabaseUrl } from './test-app';

/** The built API, as docker-compose runs each instance (`nx run api:build` first). */
export const API_MAIN = resolve(__dirname, '../dist/main.js');
const REDIS_SERVER = process.env['REDIS_SERVER'] ?? '/usr/bin/redis-server';

/**
 * Tests that need a Redis start their own `redis-server` (Debian's `redis-server` package; `.ci/run`
 * installs it). Without the binary they report themselves skipped, as the browser tests do without
 * Chromium: a fresh machine needs no Redis to run `npm test`.
 */
export const describeWithRedisServer = existsSync(REDIS_SERVER) ? describe : describe.skip;

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.on('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ApiInstance {
  url: string;
  process: ChildProcess;
  output: string[];
}

/** A real `node apps/api/dist/main.js` process on the test database; resolves once healthy. */
export async function startApiInstance(env: Record<string, string> = {}): Promise<ApiInstance> {
  if (!existsSync(API_MAIN))
    throw new Error(`${API_MAIN} is missing: build the API first (nx run api:build)`);
  const port = await freePort();
  const output: string[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'arena-instance-'));
  const child = spawn(process.execPath, [API_MAIN], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: testDatabaseUrl(),
      JWT_SECRET: 'shared-secret-of-both-instances-at-least-32-chars',
      DEMO: '0',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      WEB_DIST: join(tmpdir(), 'arena-no-web-build'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => output.push(String(chunk)));
  child.stderr?.on('data', (chunk) => output.push(String(chunk)));
  // However it ends (stopped, killed by a test, crashed), its data dir goes with it.
  child.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const url = `http://127.0.0.1:${port}`;
  // Another process, with no signal of its own to await: its health check says when it serves.
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

export async function stopApiInstance(instance: ApiInstance | undefined): Promise<void> {
  if (!instance || instance.process.exitCode !== null || instance.process.signalCode) return;
  const exited = new Promise((done) => instance.process.once('close', done));
  instance.process.kill('SIGTERM');
  await exited;
}

export interface RedisProcess {
  port: number;
  url: string;
  process: ChildProcess;
}

/** A throwaway redis-server of the test's own (never the machine's shared one); resolves when it answers. */
export async function startRedis(port?: number): Promise<RedisProcess> {
  const chosen = port ?? (await freePort());
  const cwd = mkdtempSync(join(tmpdir(), 'arena-redis-'));
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.once('exit', () => rmSync(cwd, { recursive: true, force: true }));
  let output = '';
  const ready = new Promise<void>((done, fail) => {
    child.stdout?.on('data', (chunk) => {
      output += String(chunk);
      if (output.includes('Ready to accept connections')) done();
    });
    child.once('exit', (code) => fail(new Error(`redis-server exited (${code}): ${output}`)));
  });
  const timeout = new Promise<never>((_, fail) =>
    setTimeout(() => fail(new Error(`redis-server did not start: ${output}`)), 10_000).unref(),
  );
  await Promise.race([ready, timeout]);
  return { port: chosen, url: `redis://127.0.0.1:${chosen}`, process: child };
}

/** Kills it (SIGKILL: an outage, not a clean stop) and waits until it is gone. */
export async function killRedis(redis: RedisProcess | undefined): Promise<void> {
  if (!redis || redis.process.exitCode !== null || redis.process.signalCode) return;
  const exited = new Promise((done) => redis.process.once('close', done));
  redis.process.kill('SIGKILL');
  await exited;
}

/**
 * Polls `probe` until it answers true, or throws `what` after the deadline. Only for state outside
 * this process that reports no event (another instance, across Redis; a child process): work of
 * this process is awaited by its event or its `whenIdle()` instead.
 */
export async function eventually(
  what: string,
  probe: () => Promise<boolean> | boolean,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}

/**
 * `eventually` for assertions: runs `check` until it passes, or throws its last failure after the
 * deadline (so the test reports what was still wrong). Same use: state outside this process.
 */
export async function untilPasses(
  check: () => Promise<void> | void,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((done) => setTimeout(done, 25));
    }
  }
}
