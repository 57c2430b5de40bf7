// `npm run bench:import`: bulk user import (`POST /api/users/import`) on this machine, against the
// real server and a real PostgreSQL (embedded unless DATABASE_URL is set). Measures IMPORT_BATCHES
// imports of IMPORT_ROWS invitations each (the path `bench:scale` seeds its reps by), one import
// of IMPORT_PASSWORDS rows with a password (policy check and scrypt, off the event loop) while
// `GET /api/health` is polled, and, as a baseline, a raw `INSERT … SELECT FROM unnest` of the
// same number of users on the same PostgreSQL.
// Options (env): IMPORT_ROWS=10000 IMPORT_BATCHES=3 IMPORT_PASSWORDS=200
import { createRequire } from 'node:module';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startInProcessApi } from './harness.mjs';

const require = createRequire(import.meta.url);
const ROWS = Number(process.env.IMPORT_ROWS ?? 10_000);
const BATCHES = Number(process.env.IMPORT_BATCHES ?? 3);
const PASSWORDS = Number(process.env.IMPORT_PASSWORDS ?? 200);

const api = await startInProcessApi('arena-bench-import-');
const { databaseUrl } = api;
const base = `${api.origin}/api`;

async function call(method, path, token, body) {
  const res = await fetch(base + path, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok)
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 500)}`);
  return json;
}

const stamp = Date.now();
const signup = await call('POST', '/orgs', null, {
  orgName: 'Bench import',
  timezone: 'Europe/Amsterdam',
  adminName: 'Bench Admin',
  adminEmail: `bench-import-${stamp}@example.test`,
  adminPassword: 'tally quartz harbor 42',
});
const token = signup.accessToken;
const rows = (batch, n) =>
  Array.from({ length: n }, (_, i) => ({
    name: `Rep ${batch}-${i}`,
    email: `rep-${stamp}-${batch}-${i}@example.test`,
  }));

const results = [];
for (let batch = 0; batch < BATCHES; batch++) {
  const users = rows(batch, ROWS);
  const started = performance.now();
  const body = await call('POST', '/users/import', token, { users });
  const ms = performance.now() - started;
  if (body.invited !== ROWS) throw new Error(`expected ${ROWS} invitations, got ${body.invited}`);
  results.push(ms);
}
const dryStarted = performance.now();
await call('POST', '/users/import?dryRun=true', token, { users: rows('dry', ROWS) });
const dryMs = performance.now() - dryStarted;

const { Pool } = require('pg');
const pool = new Pool({ connectionString: databaseUrl, max: 2 });
const raw = rows('raw', ROWS);
const rawStarted = performance.now();
await pool.query(
  `INSERT INTO users (org_id, email, name, role, competes)
   SELECT $1, e, n, 'rep', true FROM unnest($2::varchar[], $3::varchar[]) AS r(e, n)`,
  [signup.org.id, raw.map((r) => r.email), raw.map((r) => r.name)],
);
const rawMs = performance.now() - rawStarted;

// Baseline: the event loop's delay while /health alone is polled for 5 s (the machine's noise).
const idle = monitorEventLoopDelay({ resolution: 10 });
idle.enable();
const idleUntil = performance.now() + 5000;
while (performance.now() < idleUntil) await call('GET', '/health');
idle.disable();

// Passwords: the import runs while /health is polled; the loop's delay is measured in-process.
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
const withPasswords = rows('pw', PASSWORDS).map((row, i) => ({
  ...row,
  password: `tally quartz harbor ${i} lantern`,
}));
let done = false;
const pwStarted = performance.now();
const importing = call('POST', '/users/import', token, { users: withPasswords }).finally(() => {
  done = true;
});
const health = [];
while (!done) {
  const started = performance.now();
  await call('GET', '/health');
  health.push(performance.now() - started);
}
await importing;
const pwMs = performance.now() - pwStarted;
delay.disable();
health.sort((a, b) => a - b);

const best = Math.min(...results);
console.log('\n| path | time | rows/s |');
console.log('| --- | ---: | ---: |');
results.forEach((ms, i) =>
  console.log(
    `| import ${i + 1}: ${ROWS.toLocaleString('en')} invitations | ${Math.round(ms)} ms | ${Math.round((ROWS / ms) * 1000)} |`,
  ),
);
console.log(
  `| dry run, ${ROWS.toLocaleString('en')} rows | ${Math.round(dryMs)} ms | ${Math.round((ROWS / dryMs) * 1000)} |`,
);
console.log(
  `| raw INSERT … unnest, ${ROWS.toLocaleString('en')} users (baseline) | ${Math.round(rawMs)} ms | ${Math.round((ROWS / rawMs) * 1000)} |`,
);
console.log(
  `| import of ${PASSWORDS} passwords (policy + scrypt) | ${Math.round(pwMs)} ms | ${Math.round((PASSWORDS / pwMs) * 1000)} |`,
);
console.log(
  `\nbest invitation import ${(rawMs / best).toFixed(2)}× the raw insert's speed; while passwords were ` +
    `hashed, ${health.length} health checks answered (p50 ${health[Math.floor(health.length / 2)].toFixed(1)} ms, ` +
    `max ${health[health.length - 1].toFixed(1)} ms), event-loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms, max ${(delay.max / 1e6).toFixed(0)} ms ` +
    `(health polling alone: p99 ${(idle.percentile(99) / 1e6).toFixed(0)} ms, max ${(idle.max / 1e6).toFixed(0)} ms).`,
);

await pool.end();
await api.close();
