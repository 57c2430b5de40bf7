// `npm run bench:hostile`: how hostile request bodies (issue 11.2) affect everyone else. Starts the
// built server (`node apps/api/dist/main.js`, DEMO=0) on a free port with its own embedded
// PostgreSQL (or DATABASE_URL when set), measures /api/health idle, then sends each probe while a
// second client polls /api/health, and prints each probe's answer and the health latency meanwhile.
// Options (env): BENCH_REPEAT=10 (each probe, back to back), BENCH_IDLE=100 (idle health samples),
// ARENA_API_DIST=apps/api/dist (another build to measure, e.g. the code before a change).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { nx } from '../nx.mjs';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 10);
const IDLE = Number(process.env.BENCH_IDLE ?? 100);
const root = resolve(import.meta.dirname, '../..');
const dist = resolve(root, process.env.ARENA_API_DIST ?? 'apps/api/dist');
// This checkout's build unless another one is named (Nx's cache makes an unchanged build a no-op).
if (!process.env.ARENA_API_DIST) await nx(['run', 'api:build', '--outputStyle=static']);

const port = await new Promise((done) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => done(port));
  });
});
const dataDir = mkdtempSync(join(tmpdir(), 'arena-bench-hostile-'));
const server = spawn(process.execPath, [join(dist, 'main.js')], {
  cwd: root,
  detached: true,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    DEMO: '0',
    LOG_LEVEL: 'warn',
    REDIS_URL: '',
    DATABASE_URL: process.env.DATABASE_URL ?? '',
  },
});
const stop = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
};
process.on('exit', stop);

const base = `http://127.0.0.1:${port}`;
const deadline = Date.now() + 120_000;
for (;;) {
  const ok = await fetch(`${base}/api/health`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) break;
  if (Date.now() > deadline || server.exitCode !== null) throw new Error('server did not start');
  await new Promise((wait) => setTimeout(wait, 200));
}

/** A dropped connection (a server stalled past its keep-alive, say) is a failed probe, status 0. */
async function health() {
  const started = performance.now();
  try {
    const res = await fetch(`${base}/api/health`);
    await res.arrayBuffer();
    return { ms: performance.now() - started, status: res.status };
  } catch {
    return { ms: performance.now() - started, status: 0 };
  }
}

const percentile = (values, p) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

let sequence = 0;
/** A sign-in body with a fresh email each time, so the sign-in throttle never answers first. */
const login = (extra) => ({
  email: `probe-${sequence++}@example.test`,
  password: 'x'.repeat(12),
  ...extra,
});
const withKeys = (n) => {
  const body = login();
  // Short keys, as in the probe: 150,000 of them still fit the 2 MB body limit.
  for (let i = 0; i < n; i++) body[`_${i.toString(36)}`] = 0;
  return JSON.stringify(body);
};
const nested = (depth) =>
  JSON.stringify(login()).replace(/}$/, `,"deep":${'['.repeat(depth)}${']'.repeat(depth)}}`);

const probes = [
  { name: '50,000 extra keys', body: () => withKeys(50_000) },
  { name: '150,000 extra keys', body: () => withKeys(150_000) },
  { name: '5,000 levels of nesting', body: () => nested(5_000) },
  { name: '900,000 levels of nesting', body: () => nested(900_000) },
  {
    name: '1.9 MB string',
    body: () => JSON.stringify(login({ password: 'x'.repeat(1_900_000) })),
  },
  {
    name: 'gzip bomb (50 MB inflated)',
    headers: { 'content-encoding': 'gzip' },
    body: () => gzipSync(Buffer.alloc(50 * 1024 * 1024, 32)),
  },
];

const idle = [];
for (let i = 0; i < IDLE; i++) idle.push((await health()).ms);
const idleP50 = percentile(idle, 50);
const idleP99 = percentile(idle, 99);
const fmt = (ms) => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
console.log(`build: ${dist}`);
console.log(`idle health: p50 ${fmt(idleP50)}, p99 ${fmt(idleP99)} (${IDLE} samples)\n`);
console.log(
  'probe                        | answers         | answer time (max) | health p50 | health p99 | health max | p99 / idle p99 | health not 200',
);
console.log('-'.repeat(150));

for (const probe of probes) {
  const bodies = Array.from({ length: REPEAT }, probe.body);
  const samples = [];
  let failures = 0;
  let running = true;
  const poller = (async () => {
    while (running) {
      const sample = await health();
      samples.push(sample.ms);
      if (sample.status !== 200) failures++;
    }
  })();
  const answers = [];
  const times = [];
  for (const body of bodies) {
    const started = performance.now();
    const status = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...probe.headers },
      body,
    }).then(
      async (res) => (await res.arrayBuffer(), res.status),
      () => 'reset',
    );
    times.push(performance.now() - started);
    answers.push(status);
  }
  running = false;
  await poller;
  const p99 = percentile(samples, 99);
  console.log(
    [
      probe.name.padEnd(28),
      [...new Set(answers)].join(',').padEnd(15),
      fmt(Math.max(...times)).padEnd(17),
      fmt(percentile(samples, 50)).padEnd(10),
      fmt(p99).padEnd(10),
      fmt(Math.max(...samples)).padEnd(10),
      `${(p99 / idleP99).toFixed(1)}×`.padEnd(14),
      `${failures} of ${samples.length}`,
    ].join(' | '),
  );
}

stop();
await new Promise((done) => server.once('exit', done));
rmSync(dataDir, { recursive: true, force: true });
