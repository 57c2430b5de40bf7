// `npm run bench:live`: N socket.io clients follow one contest while activities arrive through the
// HTTP API at a fixed rate. Reports the latency from an activity's acknowledgement to its arrival
// at every client (p50/p95/p99), updates/s, and the server's CPU and memory; checks that every
// client ends on the exact final board. The API runs as its own process (as in production), on a
// durable embedded PostgreSQL unless DATABASE_URL is set.
// Options (env): LIVE_CLIENTS=1000 LIVE_RATE=200 (activities/s) LIVE_SECONDS=30 LIVE_BATCH_MS=50
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { nx } from '../nx.mjs';

const require = createRequire(import.meta.url);
const CLIENTS = Number(process.env.LIVE_CLIENTS ?? 1000);
const RATE = Number(process.env.LIVE_RATE ?? 200);
const SECONDS = Number(process.env.LIVE_SECONDS ?? 30);
const BATCH_MS = Number(process.env.LIVE_BATCH_MS ?? 50);
const WORKERS = Number(process.env.LIVE_WORKERS ?? 4);
for (const [name, value] of Object.entries({ LIVE_RATE: RATE, LIVE_BATCH_MS: BATCH_MS }))
  if (!(value > 0)) throw new Error(`${name} must be a positive number, got ${value}`);

await nx(['run-many', '-t', 'build', '-p', 'api', 'contracts', '--outputStyle=static']);
const { LIVE_COALESCE_MS: COALESCE_MS } = require('../../libs/contracts/dist/index.js');
const { runMigrations } = require('../../apps/api/dist/database/data-source.js');
const { startEmbeddedPostgres } = require('../../apps/api/dist/database/embedded-postgres.js');

const dataDir = mkdtempSync(join(tmpdir(), 'arena-bench-live-'));
const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir });
const databaseUrl = process.env.DATABASE_URL ?? embedded.url;
await runMigrations(databaseUrl);

const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const server = spawn(
  process.execPath,
  [
    ...(process.env.LIVE_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/arena-prof'] : []),
    'apps/api/dist/main.js',
  ],
  {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DEMO: '0',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      JWT_SECRET: 'bench-live-secret-bench-live-secret!!',
      // All clients come from this one address, in waves of 200: above the per-address budgets
      // meant for real clients (a NAT-ed sales floor), which this is not.
      LIVE_SOCKETS_PER_ADDRESS: process.env.LIVE_SOCKETS_PER_ADDRESS ?? '100000',
      LIVE_CONNECTS_PER_SECOND: process.env.LIVE_CONNECTS_PER_SECOND ?? '100000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
server.stderr.on('data', (chunk) => process.stderr.write(chunk));
server.stdout.on('data', (chunk) => process.stderr.write(chunk));
// Never leave the server behind, whatever happens to this script.
process.on('exit', () => server.kill('SIGKILL'));
const progress = (message) => process.stderr.write(`[bench:live] ${message}\n`);
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

// --- the server's CPU time and memory, from /proc
const ticks = 100; // USER_HZ on Linux
const procCpu = () => {
  const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticks; // utime + stime, seconds
};
const procRss = () =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))[1]) / 1024;

// --- an organisation, reps and one live contest
const stamp = Date.now();
const { accessToken: token } = await call('POST', '/orgs', null, {
  orgName: 'Live bench',
  adminName: 'Bench',
  adminEmail: `live-${stamp}@example.test`,
  adminPassword: 'tally quartz harbor 42',
});
const reps = [];
for (let i = 0; i < 50; i++)
  reps.push(
    await call('POST', '/users', token, {
      email: `r${i}-${stamp}@example.test`,
      name: `Rep ${String(i).padStart(2, '0')}`,
      role: 'rep',
      password: 'tally quartz harbor 42',
    }),
  );
const contest = await call('POST', '/contests', token, {
  name: 'Live bench',
  startsAt: new Date(Date.now() - 3_600_000).toISOString(),
  endsAt: new Date(Date.now() + 86_400_000).toISOString(),
  participantIds: reps.map((r) => r.id),
  rules: [{ activityType: 'call', pointsPerUnit: 1 }],
});
await call('POST', `/contests/${contest.id}/publish`, token);

// --- N clients following the board, spread over worker threads
const connectStart = performance.now();
const workers = Array.from({ length: WORKERS }, (_, w) => {
  const count = Math.floor(CLIENTS / WORKERS) + (w < CLIENTS % WORKERS ? 1 : 0);
  return new Worker(new URL('./live-clients.mjs', import.meta.url), {
    workerData: { base, token, contestId: contest.id, count, reference: w === 0 },
  });
});
const message = (worker, kind) =>
  new Promise((resolve, reject) => {
    const onMessage = (m) => m.kind === kind && (worker.off('message', onMessage), resolve(m));
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
const initialResyncs = (await Promise.all(workers.map((w) => message(w, 'ready')))).reduce(
  (n, m) => n + m.resyncs,
  0,
);
const connectSeconds = (performance.now() - connectStart) / 1000;
progress(`${CLIENTS} clients subscribed in ${connectSeconds.toFixed(1)} s over ${WORKERS} workers`);
await new Promise((r) => setTimeout(r, 2000));

// --- activities at a fixed rate
const acks = []; // { at, repId, cumulative }
const cumulative = new Map();
// Each tick sends what brings the total to RATE × elapsed, so the rate is LIVE_RATE as given
// (a fixed per-tick count rounded 1.5 up to 2, and anything under 1 up to 1: 5/s became 20/s).
const perBatch = (RATE * BATCH_MS) / 1000;
const cpuStart = procCpu();
const runStart = performance.now();
let rssPeak = procRss();
const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, procRss())), 1000);
let sent = 0;
const inflight = [];
let n = 0;
while (performance.now() - runStart < SECONDS * 1000) {
  const due = runStart + n * BATCH_MS;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  n++;
  const count = Math.round(n * perBatch) - sent;
  if (count === 0) continue;
  const batch = Array.from({ length: count }, (_, k) => reps[(sent + k) % reps.length]);
  sent += count;
  const body = { activities: batch.map((rep) => ({ type: 'call', quantity: 1, userId: rep.id })) };
  inflight.push(
    call('POST', '/activities/batch', token, body).then(() => {
      const at = performance.timeOrigin + performance.now();
      for (const rep of batch) {
        const c = (cumulative.get(rep.id) ?? 0) + 1;
        cumulative.set(rep.id, c);
        acks.push({ at, repId: rep.id, cumulative: c });
      }
    }),
  );
}
await Promise.all(inflight);
progress(`${acks.length} activities acknowledged`);
const runSeconds = (performance.now() - runStart) / 1000;
const cpuSeconds = procCpu() - cpuStart;
await new Promise((r) => setTimeout(r, 2000)); // the trailing update
clearInterval(rssTimer);

// --- every client must end on the exact final board
const final = await call('GET', `/contests/${contest.id}/leaderboard?limit=1000`, token);
const finalKey = JSON.stringify(final.entries.map((e) => [e.participant.id, e.rank, e.points]));
const results = await Promise.all(
  workers.map((w) => (w.postMessage({ kind: 'finish', finalKey }), message(w, 'result'))),
);
await Promise.all(workers.map((w) => w.terminate()));
const exact = results.reduce((n, r) => n + r.exact, 0);
const resyncs = results.reduce((n, r) => n + r.resyncs, 0);
const pointsAtSeq = new Map(
  results[0].pointsAtSeq.map(([seq, entries]) => [seq, new Map(entries)]),
);
const received = new Map();
for (const result of results) {
  for (const [seq, times] of result.received)
    received.set(seq, [...(received.get(seq) ?? []), ...times]);
}

// --- latency: each activity is reflected by the first update in which its rep has reached the
// cumulative points it brought; every client's arrival time of that update counts.
const seqs = [...pointsAtSeq.keys()].sort((a, b) => a - b);
const latencies = [];
let missing = 0;
for (const ack of acks) {
  const seq = seqs.find((s) => (pointsAtSeq.get(s).get(ack.repId) ?? 0) >= ack.cumulative);
  const arrivals = seq === undefined ? undefined : received.get(seq);
  if (!arrivals) {
    missing++;
    continue;
  }
  for (const t of arrivals) if (!Number.isNaN(t)) latencies.push(Math.max(0, t - ack.at));
}
latencies.sort((a, b) => a - b);
const pct = (p) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]?.toFixed(0);
const updates = seqs.filter((s) => s > 0).length;
const updateBytes = results[0].updateBytes / Math.max(1, results[0].updateCount);
const feedPerSecond = results[0].feedEvents / runSeconds;

console.log(
  `\nArena live benchmark — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
);
console.log(
  `${CLIENTS} clients (connected and subscribed in ${connectSeconds.toFixed(1)} s), ${acks.length} activities in ${runSeconds.toFixed(1)} s through POST /api/activities/batch (${perBatch.toFixed(2)} on average every ${BATCH_MS} ms = ${(acks.length / runSeconds).toFixed(0)}/s), coalescing window ${COALESCE_MS} ms\n`,
);
console.log(
  '| clients | activities/s | updates/s | latency p50 ms | p95 ms | p99 ms | server CPU | server RSS peak MB | clients on the exact final board |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
console.log(
  `| ${CLIENTS} | ${(acks.length / runSeconds).toFixed(0)} | ${(updates / runSeconds).toFixed(1)} | ${pct(50)} | ${pct(95)} | ${pct(99)} | ${((cpuSeconds / runSeconds) * 100).toFixed(0)}% of one core | ${rssPeak.toFixed(0)} | ${exact} / ${CLIENTS} |`,
);
console.log(
  `\nPer client: ${(updateBytes / 1024).toFixed(1)} KB per leaderboard update (JSON), ${feedPerSecond.toFixed(1)} activity-feed events/s.`,
);
console.log(
  `${latencies.length} (activity, client) deliveries measured; ${missing} activities not matched to an update; resyncs after the initial subscriptions: ${resyncs - initialResyncs}.`,
);
console.log(
  `target p99 ≤ ${COALESCE_MS + 100} ms: ${Number(pct(99)) <= COALESCE_MS + 100 ? 'met' : 'NOT met'}; final state: ${exact === CLIENTS ? 'every client exact' : 'SOME CLIENTS WRONG'}`,
);

server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
await embedded?.stop();
process.exit(exact === CLIENTS ? 0 : 1);
