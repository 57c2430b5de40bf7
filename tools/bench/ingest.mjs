// `npm run bench`: activity ingestion throughput on this machine, against the real server and a
// real PostgreSQL (embedded and durable, as `npm start` runs it, unless DATABASE_URL is set).
// Every activity is scored in its own transaction, so the figures include keeping scores.
// Options (env): BENCH_SINGLE=3000 BENCH_CONCURRENCY=16 BENCH_BATCHES=30
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { nx } from '../nx.mjs';

const require = createRequire(import.meta.url);
const SINGLE = Number(process.env.BENCH_SINGLE ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 30);

await nx(['run', 'api:build', '--outputStyle=static']);
const { loadConfig } = require('../../apps/api/dist/config/app-config.js');
const { createApp } = require('../../apps/api/dist/create-app.js');
const { runMigrations } = require('../../apps/api/dist/database/data-source.js');
const { startEmbeddedPostgres } = require('../../apps/api/dist/database/embedded-postgres.js');

const dataDir = mkdtempSync(join(tmpdir(), 'arena-bench-'));
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
const base = `http://127.0.0.1:${app.getHttpServer().address().port}/api`;

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
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const stamp = Date.now();
const signup = await call('POST', '/orgs', null, {
  orgName: 'Bench',
  timezone: 'Europe/Amsterdam',
  adminName: 'Bench Admin',
  adminEmail: `bench-${stamp}@example.test`,
  adminPassword: 'tally quartz harbor 42',
});
const token = signup.accessToken;
const reps = [];
for (let i = 0; i < 20; i++) {
  reps.push(
    await call('POST', '/users', token, {
      email: `rep${i}-${stamp}@example.test`,
      name: `Rep ${i}`,
      role: 'rep',
      password: 'tally quartz harbor 42',
    }),
  );
}
const now = Date.now();
const contest = await call('POST', '/contests', token, {
  name: 'Bench contest',
  startsAt: new Date(now - 30 * 86_400_000).toISOString(),
  endsAt: new Date(now + 86_400_000).toISOString(),
  participantIds: reps.map((r) => r.id),
  rules: [
    { activityType: 'call', pointsPerUnit: 2, dailyCap: 50 },
    { activityType: 'meeting', pointsPerUnit: 10 },
    { activityType: 'demo', pointsPerUnit: 25, totalCap: 100 },
  ],
  multipliers: [
    {
      startsAt: new Date(now - 86_400_000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      factor: 1.5,
    },
  ],
});
await call('POST', `/contests/${contest.id}/publish`, token);
const types = ['call', 'call', 'meeting', 'demo'];
const activity = (i, backdated) => ({
  type: types[i % types.length],
  quantity: 1,
  userId: reps[i % reps.length].id,
  // Back-dated ones land earlier than what is already counted: the re-scoring path.
  occurredAt: new Date(backdated ? now - (1 + (i % 20)) * 86_400_000 : Date.now()).toISOString(),
});

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function single(label, backdatedShare) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < SINGLE) {
        const i = next++;
        const t0 = performance.now();
        await call(
          'POST',
          '/activities',
          token,
          activity(i, (i * 7919) % 100 < backdatedShare * 100),
        );
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    label,
    activities: SINGLE,
    seconds,
    perSecond: SINGLE / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

async function batches(label, backdatedShare) {
  const started = performance.now();
  for (let b = 0; b < BATCHES; b++) {
    await call('POST', '/activities/batch', token, {
      activities: Array.from({ length: 1000 }, (_, i) =>
        activity(b * 1000 + i, (i * 7919) % 100 < backdatedShare * 100),
      ),
    });
  }
  const seconds = (performance.now() - started) / 1000;
  return { label, activities: BATCHES * 1000, seconds, perSecond: (BATCHES * 1000) / seconds };
}

const results = [];
results.push(await single(`single, ${CONCURRENCY} concurrent clients, in order`, 0));
results.push(await single(`single, ${CONCURRENCY} concurrent clients, 20% back-dated`, 0.2));
results.push(await batches('batches of 1,000, in order', 0));
results.push(await batches('batches of 1,000, 20% back-dated', 0.2));
const report = await call('POST', '/admin/verify-scores', token);

console.log(
  `\nArena ingest benchmark — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL (durable)'}`,
);
console.log('\n| run | activities | seconds | activities/s | p50 ms | p95 ms | p99 ms |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  const ms = (v) => (v === undefined ? '' : v.toFixed(1));
  console.log(
    `| ${r.label} | ${r.activities} | ${r.seconds.toFixed(1)} | ${Math.round(r.perSecond)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} |`,
  );
}
console.log(
  `\nverify-scores afterwards: ${report.activitiesChecked} scored activities checked, ${report.differences.length} differences.`,
);

await app.close();
await embedded?.stop();
