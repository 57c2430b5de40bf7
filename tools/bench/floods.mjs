// `npm run bench:floods`: how long `/api/health` takes while the live endpoint is flooded (issue
// 11.8). Starts the built API (`node apps/api/dist/main.js`, DEMO=0) on a free port and an embedded
// PostgreSQL (or DATABASE_URL), then measures, in one run: health latency when idle, and health
// p50/p99 while (1) one socket emits `subscribe` at FLOOD_RATE/s and (2) FLOOD_SOCKETS sockets
// connect at once from one address; each as a ratio to idle. Reports what the server did with
// the floods (flooder disconnected? sockets accepted/refused?).
// Options (env): FLOOD_RATE=1700 FLOOD_SECONDS=5 FLOOD_SOCKETS=500 FLOOD_NO_BUILD=1 (use dist as is)
// FLOOD_ROOT=<checkout> (measure another build, e.g. the previous release, built there; implies no build)
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { nx } from '../nx.mjs';

const require = createRequire(import.meta.url);
const RATE = Number(process.env.FLOOD_RATE ?? 1700);
const SECONDS = Number(process.env.FLOOD_SECONDS ?? 5);
const SOCKETS = Number(process.env.FLOOD_SOCKETS ?? 500);

const ROOT = process.env.FLOOD_ROOT ?? process.cwd();
if (!process.env.FLOOD_NO_BUILD && !process.env.FLOOD_ROOT)
  await nx(['run-many', '-t', 'build', '-p', 'api', 'contracts', '--outputStyle=static']);
const { runMigrations } = require(join(ROOT, 'apps/api/dist/database/data-source.js'));
const { startEmbeddedPostgres } = require(
  join(ROOT, 'apps/api/dist/database/embedded-postgres.js'),
);

const dataDir = mkdtempSync(join(tmpdir(), 'arena-bench-floods-'));
const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir });
const databaseUrl = process.env.DATABASE_URL ?? embedded.url;
await runMigrations(databaseUrl);

const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const server = spawn(process.execPath, [join(ROOT, 'apps/api/dist/main.js')], {
  cwd: ROOT,
  env: {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    DEMO: '0',
    LOG_LEVEL: 'error',
    DATA_DIR: dataDir,
    JWT_SECRET: 'bench-floods-secret-bench-floods-secret!!',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
server.stderr.on('data', (chunk) => process.stderr.write(chunk));
server.stdout.on('data', (chunk) => process.stderr.write(chunk));
let serverExited = null;
server.on('exit', (code, signal) => (serverExited = signal ?? code));
const cleanup = async () => {
  server.kill('SIGKILL');
  await embedded?.stop().catch(() => undefined);
};
process.on('exit', () => server.kill('SIGKILL'));
const progress = (message) => process.stderr.write(`[bench:floods] ${message}\n`);
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 300; i++) {
  if (
    await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  await new Promise((r) => setTimeout(r, 100));
}

async function call(method, path, token, body) {
  const res = await fetch(`${base}/api${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

// --- an organisation with one live contest, so a subscription does real work
const stamp = Date.now();
const { accessToken: token, user } = await call('POST', '/orgs', null, {
  orgName: 'Floods bench',
  adminName: 'Bench',
  adminEmail: `floods-${stamp}@example.test`,
  adminPassword: 'tally quartz harbor 42',
});
const rep = await call('POST', '/users', token, {
  email: `rep-${stamp}@example.test`,
  name: 'Rep',
  role: 'rep',
  password: 'tally quartz harbor 42',
});
const contest = await call('POST', '/contests', token, {
  name: 'Floods bench',
  startsAt: new Date(Date.now() - 3_600_000).toISOString(),
  endsAt: new Date(Date.now() + 86_400_000).toISOString(),
  participantIds: [rep.id],
  rules: [{ activityType: 'call', pointsPerUnit: 1 }],
});
await call('POST', `/contests/${contest.id}/publish`, token);
void user;
const { accessToken: repToken } = await call('POST', '/auth/login', null, {
  email: rep.email,
  password: 'tally quartz harbor 42',
});

// --- health probes: one at a time, every 20 ms, each with a 10 s ceiling
async function probeHealth() {
  const started = performance.now();
  try {
    const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    return { ms: performance.now() - started, status: res.status };
  } catch {
    return { ms: performance.now() - started, status: 0 };
  }
}
function probeWhile(running) {
  const samples = [];
  const loop = (async () => {
    while (running()) {
      samples.push(await probeHealth());
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return { samples, done: loop };
}
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
};
const summary = (samples) => ({
  probes: samples.length,
  p50: +percentile(
    samples.map((s) => s.ms),
    0.5,
  ).toFixed(1),
  p99: +percentile(
    samples.map((s) => s.ms),
    0.99,
  ).toFixed(1),
  max: +Math.max(...samples.map((s) => s.ms)).toFixed(1),
  non200: samples.filter((s) => s.status !== 200).length,
});

/** Runs one flood in a worker thread while the main thread probes health; both results. */
async function flood(kind, data) {
  let running = true;
  const probes = probeWhile(() => running);
  const worker = new Worker(new URL('./floods-worker.mjs', import.meta.url), {
    workerData: { kind, base, contestId: contest.id, ...data },
  });
  const result = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  running = false;
  await probes.done;
  await worker.terminate();
  return { result, health: summary(probes.samples) };
}

// --- idle
const idle = [];
for (let i = 0; i < 100; i++) {
  idle.push(await probeHealth());
  await new Promise((r) => setTimeout(r, 20));
}
const idleSummary = summary(idle);
progress(`idle health p50 ${idleSummary.p50} ms, p99 ${idleSummary.p99} ms`);

// --- flood 1: one client emitting `subscribe` at RATE/s, reconnecting whenever it is dropped
const subscribeFlood = await flood('subscribe', { token, rate: RATE, seconds: SECONDS });
const flooder = subscribeFlood.result;
const subscribeSummary = subscribeFlood.health;
progress(
  `subscribe flood (${flooder.sent} emits in ${SECONDS} s): health p50 ${subscribeSummary.p50} ms, p99 ${subscribeSummary.p99} ms, ${subscribeSummary.non200} non-200; flooder ${flooder.disconnected ? `disconnected (${flooder.disconnected}), ${flooder.notices} notices, ${flooder.reconnects} reconnects (${flooder.refused} refused)` : 'never disconnected'}`,
);

// --- flood 2: SOCKETS sockets connecting at once (another user: the flooder's token may be
// cooling down)
const connectFlood = await flood('connect', { token: repToken, sockets: SOCKETS });
const crowd = connectFlood.result;
const connectSummary = connectFlood.health;
progress(
  `connect flood (${SOCKETS} at once): health p50 ${connectSummary.p50} ms, p99 ${connectSummary.p99} ms, ${connectSummary.non200} non-200; ${crowd.accepted} accepted, ${crowd.refused} refused ${JSON.stringify(crowd.refusals)}`,
);

const ratio = (value) => +(value / Math.max(idleSummary.p50, 0.1)).toFixed(1);
const report = {
  idle: idleSummary,
  subscribeFlood: {
    rate: RATE,
    seconds: SECONDS,
    ...flooder,
    ...subscribeSummary,
    p50Ratio: ratio(subscribeSummary.p50),
    p99Ratio: ratio(subscribeSummary.p99),
  },
  connectFlood: {
    sockets: SOCKETS,
    ...crowd,
    ...connectSummary,
    p50Ratio: ratio(connectSummary.p50),
    p99Ratio: ratio(connectSummary.p99),
  },
  serverAlive: serverExited === null,
};
console.log(JSON.stringify(report, null, 2));
await cleanup();
process.exit(0);
