// What the benchmark scripts share: the HTTP client, percentiles, the API as its own process
// (as in production) with its CPU and memory read from /proc, and the matching of live updates to
// the activities they reflect. One copy here instead of one per script.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { nx } from '../nx.mjs';

const require = createRequire(import.meta.url);

/** The value at percentile `p` of an ascending array (nearest rank, as every bench reports). */
export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A refused call: the status and the API's JSON body, so a caller can branch on them. */
export class ApiCallError extends Error {
  constructor(method, path, status, body) {
    super(`${method} ${path}: ${status} ${JSON.stringify(body)}`);
    this.status = status;
    this.body = body;
  }
}

/** `call(method, path, token?, body?)` against `${base}/api`: the JSON answer, or ApiCallError. */
export function apiClient(base) {
  return async function call(method, path, token, body) {
    const res = await fetch(`${base}/api${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    if (!res.ok) throw new ApiCallError(method, path, res.status, json);
    return json;
  };
}

/** A port nothing listens on right now, on loopback. */
export function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** One line saying where a figure was measured. */
export function machine() {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`;
}

/**
 * The production build (`node apps/api/dist/main.js`) as a child process on `databaseUrl`, with
 * the demo off (its JWT secret as `jwtSecret`); resolves once `/api/health` answers. `cpuSeconds()` and `rssMb()` read the
 * process from /proc. The child is killed when this process exits, whatever happens to it.
 */
export async function startApiServer({ databaseUrl, dataDir, env = {}, nodeArgs = [], log }) {
  const port = await freePort();
  const jwtSecret = env.JWT_SECRET ?? 'bench-server-secret-bench-server-secret!';
  const server = spawn(process.execPath, [...nodeArgs, 'apps/api/dist/main.js'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DEMO: '0',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      JWT_SECRET: jwtSecret,
      // All clients come from this one address: above the per-address budgets meant for real
      // clients (a NAT-ed sales floor), which this is not.
      LIVE_SOCKETS_PER_ADDRESS: process.env.LIVE_SOCKETS_PER_ADDRESS ?? '100000',
      LIVE_CONNECTS_PER_SECOND: process.env.LIVE_CONNECTS_PER_SECOND ?? '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const write = log ?? ((chunk) => process.stderr.write(chunk));
  server.stderr.on('data', write);
  server.stdout.on('data', write);
  const kill = () => server.kill('SIGKILL');
  process.on('exit', kill);
  const exited = new Promise((resolve) => server.once('exit', resolve));
  // A server that dies mid-run says so at once, with its code or signal, whatever else is running.
  server.once('exit', (code, signal) => {
    if (!stopping)
      process.stderr.write(`\n[bench] the API exited unexpectedly (${signal ?? code})\n`);
  });
  let stopping = false;
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (server.exitCode !== null)
      throw new Error(`the API exited during start-up (${server.exitCode})`);
    const healthy = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) throw new Error('the API did not answer /api/health within 120 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const ticks = 100; // USER_HZ on Linux
  return {
    base,
    pid: server.pid,
    /** What the server signs access tokens with (a bench may issue a rep's token itself). */
    jwtSecret,
    cpuSeconds() {
      const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / ticks; // utime + stime
    },
    rssMb() {
      // A process that has exited (a zombie until reaped) has no VmRSS: 0, not a crash of the bench.
      const status =
        server.exitCode === null ? readFileSync(`/proc/${server.pid}/status`, 'utf8') : '';
      const rss = /VmRSS:\s+(\d+)/.exec(status);
      return rss ? Number(rss[1]) / 1024 : 0;
    },
    async stop() {
      stopping = true;
      process.off('exit', kill);
      if (server.exitCode === null) server.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Latency of live delivery. `acks` are `{ at, repId, target }`: when an activity was
 * acknowledged and the points its rep has once it is counted. `pointsAtSeq` maps an update's seq
 * to `[repId, points]` pairs (the reference client's entries that update changed), `received`
 * maps a seq to every client's arrival times. An activity is reflected by the first update in
 * which its rep reaches `target`; every client's arrival of that update is one measurement.
 * An activity whose rep never appears in any update is `unseen` (outside what clients follow).
 */
export function deliveryLatencies(acks, pointsAtSeq, received) {
  const seqs = [...pointsAtSeq.keys()].sort((a, b) => a - b);
  const seen = new Set();
  for (const entries of pointsAtSeq.values()) for (const [id] of entries) seen.add(id);
  const bySeq = seqs.map((seq) => [seq, new Map(pointsAtSeq.get(seq))]);
  const latencies = [];
  let missing = 0;
  let unseen = 0;
  for (const ack of acks) {
    if (!seen.has(ack.repId)) {
      unseen++;
      continue;
    }
    const hit = bySeq.find(([, points]) => (points.get(ack.repId) ?? -Infinity) >= ack.target);
    const arrivals = hit && received.get(hit[0]);
    if (!arrivals) {
      missing++;
      continue;
    }
    for (const t of arrivals) if (!Number.isNaN(t)) latencies.push(Math.max(0, t - ack.at));
  }
  latencies.sort((a, b) => a - b);
  return { latencies, missing, unseen };
}

/** Waits for the first message of `kind` from a worker thread. */
export function workerMessage(worker, kind) {
  return new Promise((resolve, reject) => {
    const onMessage = (m) => m.kind === kind && (worker.off('message', onMessage), resolve(m));
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
}

/**
 * The API in this process, built first, on DATABASE_URL or an embedded PostgreSQL in a temporary
 * folder named `prefix…` (migrated, demo off): what the in-process benchmarks share.
 * `close()` stops the app and the embedded PostgreSQL and removes the folder.
 */
export async function startInProcessApi(prefix) {
  await nx(['run', 'api:build', '--outputStyle=static']);
  const { loadConfig } = require('../../apps/api/dist/config/app-config.js');
  const { createApp } = require('../../apps/api/dist/create-app.js');
  const { runMigrations } = require('../../apps/api/dist/database/data-source.js');
  const { startEmbeddedPostgres } = require('../../apps/api/dist/database/embedded-postgres.js');
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir });
  const databaseUrl = process.env.DATABASE_URL ?? embedded.url;
  await runMigrations(databaseUrl);
  const config = loadConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    DEMO: '0',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret!',
  });
  const app = await createApp(config, databaseUrl);
  await app.listen(0, '127.0.0.1');
  return {
    app,
    databaseUrl,
    origin: `http://127.0.0.1:${app.getHttpServer().address().port}`,
    async close() {
      await app.close();
      await embedded?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * bench:scale's contest (also `BENCH_SCOPE=all npm run bench`): three rules — calls under a daily
 * cap, meetings, demos under a total cap — and a power hour ×2 on calls around `now`.
 */
export function scaleContestDefinition(name, now) {
  return {
    name,
    startsAt: new Date(now - 30 * 86_400_000).toISOString(),
    endsAt: new Date(now + 7 * 86_400_000).toISOString(),
    rules: [
      { activityType: 'call', pointsPerUnit: 2, dailyCap: 4 },
      { activityType: 'meeting', pointsPerUnit: 10 },
      { activityType: 'demo', pointsPerUnit: 25, totalCap: 3 },
    ],
    multipliers: [
      {
        startsAt: new Date(now - 3_600_000).toISOString(),
        endsAt: new Date(now + 6 * 3_600_000).toISOString(),
        factor: 2,
        activityTypes: ['call'],
      },
    ],
  };
}
