// `npm run bench:standings`: the leaderboard reads of an individual contest (top 50 + my rank,
// around me) at several board sizes, through HTTP against the real server, plus EXPLAIN ANALYZE
// of the exact statements (apps/api/src/scores/standings.ts) — the figure issue 14 asks for is
// that the cost does not grow with the board.
// The baseline, in the same run on the same scores: Redis (REDIS_URL, default the machine's)
// ZREVRANGE 0 49 + ZREVRANK + ZSCORE, and ZREVRANK + ZREVRANGE around (baselines.mjs); skipped
// with a note when Redis does not answer.
// Uses DATABASE_URL (a fresh database is advised: it seeds organisations into it) or an embedded
// PostgreSQL in a temp dir. Options (env): STANDINGS_SIZES=5000,50000 STANDINGS_READS=200
// REDIS_URL=redis://127.0.0.1:6379
import { createRequire } from 'node:module';
import { connectRedis, redisReads } from './baselines.mjs';
import { startInProcessApi } from './harness.mjs';

const require = createRequire(import.meta.url);
const SIZES = (process.env.STANDINGS_SIZES ?? '5000,50000').split(',').map(Number);
const READS = Number(process.env.STANDINGS_READS ?? 200);

const api = await startInProcessApi('arena-standings-');
const { databaseUrl } = api;
const { STANDINGS_SQL } = require('../../apps/api/dist/scores/standings.js');
const { Client } = require('pg');
const Redis = require('ioredis');
const redisConnection = await connectRedis(
  Redis,
  process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
);
if (redisConnection.skipped) console.log(`${redisConnection.skipped}: no Redis baseline`);
const redis = redisConnection.redis;
const base = `${api.origin}/api`;
const db = new Client({ connectionString: databaseUrl });
await db.connect();

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

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const fmt = (n) => `${n.toFixed(2)} ms`;

const results = [];
for (const size of SIZES) {
  const stamp = `${size}-${Date.now()}`;
  const signup = await call('POST', '/orgs', null, {
    orgName: `Standings ${size}`,
    timezone: 'UTC',
    adminName: 'Bench Admin',
    adminEmail: `standings-${stamp}@example.test`,
    adminPassword: 'tally quartz harbor 42',
  });
  const token = signup.accessToken;
  const reps = (
    await db.query(
      `INSERT INTO users (org_id, email, name, role, password_hash)
       SELECT $1, 'rep' || i || '-' || $2 || '@example.test', 'Rep ' || i, 'rep', 'x'
         FROM generate_series(1, $3) AS i
       RETURNING id`,
      [signup.org.id, stamp, size],
    )
  ).rows.map((row) => row.id);
  const created = await call('POST', '/contests', token, {
    name: `Board of ${size}`,
    startsAt: '2026-01-01T00:00:00Z',
    endsAt: '2026-12-31T00:00:00Z',
    timezone: 'UTC',
    participantIds: reps,
    rules: [{ activityType: 'call', pointsPerUnit: 1 }],
  });
  let start = process.hrtime.bigint();
  await call('POST', `/contests/${created.id}/publish`, token);
  const publishMs = ms(start);
  // Points as a live board has them: a spread of scores, a tenth still at 0 (one big tie).
  await db.query(
    `UPDATE contest_scores SET points = CASE WHEN random() < 0.1 THEN 0 ELSE round((random() * 500)::numeric, 1) END
      WHERE contest_id = $1`,
    [created.id],
  );
  await db.query(`VACUUM ANALYZE contest_scores`);

  const topAndRank = [];
  const topOnly = [];
  const aroundMe = [];
  const meOf = (i) => reps[(i * 7919) % reps.length];
  for (let i = 0; i < READS; i++) {
    const me = meOf(i);
    start = process.hrtime.bigint();
    const top = await call('GET', `/contests/${created.id}/leaderboard?limit=50`, token);
    topOnly.push(ms(start));
    const mine = await call('GET', `/contests/${created.id}/scores/${me}`, token);
    topAndRank.push(ms(start));
    start = process.hrtime.bigint();
    await call('GET', `/contests/${created.id}/leaderboard?around=${me}`, token);
    aroundMe.push(ms(start));
    if (top.total !== size || mine.rank < 1) throw new Error('unexpected board');
  }
  topAndRank.sort((a, b) => a - b);
  topOnly.sort((a, b) => a - b);
  aroundMe.sort((a, b) => a - b);
  let redisFigures;
  if (redis) {
    const { rows } = await db.query(
      'SELECT user_id, points FROM contest_scores WHERE contest_id = $1 AND on_board',
      [created.id],
    );
    redisFigures = await redisReads(
      redis,
      `bench:standings:${created.id}`,
      rows.map((row) => [row.user_id, Number(row.points)]),
      { reads: READS, around: 5, me: meOf },
    );
  }

  // The plans, for a rep in the middle of the board.
  const [middle] = (
    await db.query(
      `SELECT user_id FROM contest_scores WHERE contest_id = $1 AND on_board
        ORDER BY rank_points DESC, name, user_id OFFSET $2 LIMIT 1`,
      [created.id, Math.floor(size / 2)],
    )
  ).rows;
  const explain = async (sql, params) =>
    (await db.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params)).rows
      .map((row) => row['QUERY PLAN'])
      .join('\n');
  results.push({
    size,
    publishMs,
    topAndRank,
    topOnly,
    aroundMe,
    redis: redisFigures,
    plans: {
      'top 50 (page)': await explain(STANDINGS_SQL.page, [created.id, 50, 0]),
      'my rank (entriesOf)': await explain(STANDINGS_SQL.of, [created.id, [middle.user_id]]),
      'around me (k = 5)': await explain(STANDINGS_SQL.around, [created.id, middle.user_id, 5]),
    },
  });
}

for (const r of results) {
  console.log(`\n=== ${r.size.toLocaleString('en-US')} participants ===`);
  console.log(`publish (board rows for everyone): ${fmt(r.publishMs)}`);
  console.log(
    `GET leaderboard?limit=50 + GET scores/:me  p50 ${fmt(pct(r.topAndRank, 0.5))}  p99 ${fmt(pct(r.topAndRank, 0.99))}`,
  );
  console.log(
    `  of which GET leaderboard?limit=50        p50 ${fmt(pct(r.topOnly, 0.5))}  p99 ${fmt(pct(r.topOnly, 0.99))}`,
  );
  console.log(
    `GET leaderboard?around=me                  p50 ${fmt(pct(r.aroundMe, 0.5))}  p99 ${fmt(pct(r.aroundMe, 0.99))}`,
  );
  if (r.redis) {
    const times = (a, b) => `${(a / b).toFixed(1)}× Redis`;
    console.log(
      `Redis ZREVRANGE 0 49 + ZREVRANK + ZSCORE   p50 ${fmt(r.redis.top.p50)}  p99 ${fmt(r.redis.top.p99)}  → HTTP ${times(pct(r.topAndRank, 0.5), r.redis.top.p50)} (done when ≤ 5×)`,
    );
    console.log(
      `Redis ZREVRANK + ZREVRANGE around          p50 ${fmt(r.redis.around.p50)}  p99 ${fmt(r.redis.around.p99)}  → HTTP ${times(pct(r.aroundMe, 0.5), r.redis.around.p50)}`,
    );
  }
  for (const [name, plan] of Object.entries(r.plans)) console.log(`\n-- ${name}\n${plan}`);
}
if (results.length > 1) {
  const [small, big] = [results[0], results.at(-1)];
  console.log(
    `\ntop 50 + rank p50 at ${big.size} / at ${small.size}: ${(pct(big.topAndRank, 0.5) / pct(small.topAndRank, 0.5)).toFixed(2)}×`,
  );
}

redis?.disconnect();
await db.end();
await api.close();
