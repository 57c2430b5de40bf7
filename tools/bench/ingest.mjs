// `npm run bench`: activity ingestion throughput on this machine, against the real server and a
// real PostgreSQL (embedded and durable, as `npm start` runs it, unless DATABASE_URL is set).
// Every activity is scored in its own transaction, so the figures include keeping scores.
// Scale (issue 14): BENCH_REPS reps in the organisation (beyond 20 seeded by SQL), of whom
// BENCH_PARTICIPANTS (at most 5,000, today's limit) are in the contest. Each path is measured next
// to a raw baseline on the same PostgreSQL in the same run: single-row autocommit INSERTs from the
// same number of connections, `INSERT … SELECT FROM unnest` batches, and a top-50 + rank read
// from an ordered index `(contest_id, points DESC)` — what the path would cost if it did only
// what changed.
// Options (env): BENCH_SINGLE=3000 BENCH_CONCURRENCY=16 BENCH_BATCHES=30 BENCH_REPS=20
//                BENCH_PARTICIPANTS=BENCH_REPS BENCH_READS=200
// Scale mode (issue 14, `BENCH_SCOPE=all`): the contest of bench:scale — open to every rep
// (participantScope 'all', no 5,000 limit), a daily cap on calls, a total cap on demos, a power
// hour ×2 on calls — over BENCH_REPS reps, with BENCH_LOG activities (default 0) already in the
// log (inserted by SQL before the contest is published). E.g.
//   BENCH_SCOPE=all BENCH_REPS=50000 BENCH_LOG=100000 npm run bench
import { createRequire } from 'node:module';
import {
  createRawActivities,
  rawIndexReads,
  rawSingleInserts,
  rawUnnestBatches,
  timeReads,
} from './baselines.mjs';
import {
  apiClient,
  machine,
  percentile,
  scaleContestDefinition,
  startInProcessApi,
} from './harness.mjs';

const require = createRequire(import.meta.url);
const SINGLE = Number(process.env.BENCH_SINGLE ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 30);
const REPS = Math.max(20, Number(process.env.BENCH_REPS ?? 20));
const ALL_REPS = process.env.BENCH_SCOPE === 'all';
const LOG = Number(process.env.BENCH_LOG ?? 0);
const PARTICIPANTS = ALL_REPS
  ? REPS
  : Math.min(REPS, 5000, Number(process.env.BENCH_PARTICIPANTS ?? REPS));
const READS = Number(process.env.BENCH_READS ?? 200);

const api = await startInProcessApi('arena-bench-');
const { databaseUrl } = api;

const call = apiClient(api.origin);

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
const { Pool } = require('pg');
const pool = new Pool({ connectionString: databaseUrl, max: CONCURRENCY + 2 });
if (REPS > reps.length) {
  const added = await pool.query(
    `INSERT INTO users (org_id, email, name, role, password_hash)
     SELECT $1, 'seed' || i || '-' || $3 || '@example.test', 'Seeded Rep ' || i, 'rep', 'scrypt$bench'
       FROM generate_series(1, $2::int) i RETURNING id`,
    [signup.org.id, REPS - reps.length, stamp],
  );
  reps.push(...added.rows);
}
const participants = reps.slice(0, PARTICIPANTS);
if (LOG > 0) {
  // The log before the contest: spread over its first 29 days, every rep in turn.
  await pool.query(
    `INSERT INTO activities (org_id, user_id, activity_type_id, quantity, occurred_at, source)
     SELECT $1, u.ids[1 + i % cardinality(u.ids)], t.ids[1 + (i / cardinality(u.ids)) % cardinality(t.ids)],
       1, $3::timestamptz + (i * interval '29 days') / $2, 'api'
     FROM generate_series(0, $2::int - 1) i,
       (SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE org_id = $1 AND role = 'rep') u,
       (SELECT array_agg(id ORDER BY key) AS ids FROM activity_types
         WHERE org_id = $1 AND key IN ('call', 'meeting', 'demo')) t`,
    [signup.org.id, LOG, new Date(now - 30 * 86_400_000).toISOString()],
  );
}
const contest = await call(
  'POST',
  '/contests',
  token,
  ALL_REPS
    ? {
        // bench:scale's contest
        ...scaleContestDefinition('Bench contest', now),
        participantScope: 'all',
        participantIds: [],
      }
    : {
        name: 'Bench contest',
        startsAt: new Date(now - 30 * 86_400_000).toISOString(),
        endsAt: new Date(now + 86_400_000).toISOString(),
        participantIds: participants.map((r) => r.id),
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
      },
);
await call('POST', `/contests/${contest.id}/publish`, token);
const types = ['call', 'call', 'meeting', 'demo'];
const activity = (i, backdated) => ({
  type: types[i % types.length],
  quantity: 1,
  userId: participants[(ALL_REPS ? i * 7919 : i) % participants.length].id,
  // Back-dated ones land earlier than what is already counted: the re-scoring path.
  occurredAt: new Date(backdated ? now - (1 + (i % 20)) * 86_400_000 : Date.now()).toISOString(),
});

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

const participantIds = participants.map((p) => p.id);
const read = await timeReads(READS, async (i) => {
  const me = participantIds[(i * 7919) % participantIds.length];
  await call('GET', `/contests/${contest.id}/leaderboard?limit=50`, token);
  await call('GET', `/contests/${contest.id}/scores/${me}`, token);
});

// Raw baselines: the same PostgreSQL, tables of the same shape, no Arena around them.
const rawTable = await createRawActivities(pool);
const typeId = (
  await pool.query('SELECT id FROM activity_types WHERE org_id = $1 LIMIT 1', [signup.org.id])
).rows[0].id;
const rawInput = { orgId: signup.org.id, typeId, userIds: participantIds };
const raw = await rawSingleInserts(pool, { ...rawInput, count: SINGLE, concurrency: CONCURRENCY });
const rawBatch = await rawUnnestBatches(pool, { ...rawInput, batches: BATCHES });
const rawRead = await rawIndexReads(pool, {
  contestId: contest.id,
  userIds: participantIds,
  reads: READS,
});
await rawTable.drop();

const report = await call('POST', '/admin/verify-scores', token);

console.log(
  `\nArena ingest benchmark — ${new Date().toISOString()} — ${machine()}, ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL (durable)'}`,
);
console.log('\n| run | activities | seconds | activities/s | p50 ms | p95 ms | p99 ms |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  const ms = (v) => (v === undefined ? '' : v.toFixed(1));
  console.log(
    `| ${r.label} | ${r.activities} | ${r.seconds.toFixed(1)} | ${Math.round(r.perSecond)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} |`,
  );
}
const best = (match) =>
  Math.max(...results.filter((r) => r.label.includes(match)).map((r) => r.perSecond));
console.log(
  `\n${REPS.toLocaleString('en')} reps, ${PARTICIPANTS.toLocaleString('en')} in the contest${ALL_REPS ? " (participantScope 'all', bench:scale's rules)" : ''}, ${LOG.toLocaleString('en')} activities logged before it`,
);
console.log('\n| path | Arena | raw baseline, same PostgreSQL | ratio |');
console.log('| --- | ---: | ---: | ---: |');
console.log(
  `| single, ${CONCURRENCY} concurrent (in order) | ${Math.round(best('concurrent clients, in order'))}/s | ${Math.round(raw.perSecond)}/s autocommit INSERTs | ${(best('concurrent clients, in order') / raw.perSecond).toFixed(3)} |`,
);
console.log(
  `| batches of 1,000 (in order) | ${Math.round(best('batches of 1,000, in order'))}/s | ${Math.round(rawBatch.perSecond)}/s INSERT … unnest | ${(best('batches of 1,000, in order') / rawBatch.perSecond).toFixed(3)} |`,
);
console.log(
  `| batches of 1,000 (in order), against the single-row loop | ${Math.round(best('batches of 1,000, in order'))}/s | ${Math.round(raw.perSecond)}/s autocommit INSERTs | ${(best('batches of 1,000, in order') / raw.perSecond).toFixed(2)} |`,
);
console.log(
  `| batches of 1,000, 20% back-dated, against in order | ${Math.round(best('batches of 1,000, 20% back-dated'))}/s | ${Math.round(best('batches of 1,000, in order'))}/s in order | ${(best('batches of 1,000, 20% back-dated') / best('batches of 1,000, in order')).toFixed(2)} |`,
);
console.log(
  `| leaderboard top 50 + one score, p50 / p99 | ${read.p50.toFixed(1)} / ${read.p99.toFixed(1)} ms | ${rawRead.p50.toFixed(1)} / ${rawRead.p99.toFixed(1)} ms ordered index | ${(read.p50 / rawRead.p50).toFixed(0)}× |`,
);
console.log(
  `\nverify-scores afterwards: ${report.activitiesChecked} scored activities checked, ${report.differences.length} differences.`,
);

await pool.end();
await api.close();
