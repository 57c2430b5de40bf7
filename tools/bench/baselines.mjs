// The raw baselines the benchmarks print next to Arena's figures: the same PostgreSQL (or the
// machine's Redis) doing only what a path would cost if it did nothing but the change, with no
// Arena around it. Tables are created beside Arena's, of the same shape, and dropped afterwards.
import { percentile } from './harness.mjs';

/** A table shaped like `activities` (defaults and indexes), for the raw insert baselines. */
export async function createRawActivities(pool) {
  await pool.query('DROP TABLE IF EXISTS bench_raw_activities');
  await pool.query(
    'CREATE TABLE bench_raw_activities (LIKE activities INCLUDING DEFAULTS INCLUDING INDEXES)',
  );
  return {
    drop: () => pool.query('DROP TABLE IF EXISTS bench_raw_activities'),
  };
}

/**
 * Single-row autocommit INSERTs from `concurrency` connections of `pool`, `count` rows (or as many
 * as fit in `seconds`); rows per second.
 */
export async function rawSingleInserts(
  pool,
  { orgId, typeId, userIds, count, concurrency, seconds = Infinity },
) {
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count && performance.now() < deadline) {
        const i = next++;
        await pool.query(
          `INSERT INTO bench_raw_activities (org_id, user_id, activity_type_id, quantity, occurred_at, source)
           VALUES ($1, $2, $3, 1, $4, 'api')`,
          [orgId, userIds[i % userIds.length], typeId, new Date().toISOString()],
        );
      }
    }),
  );
  return { rows: next, perSecond: next / ((performance.now() - started) / 1000) };
}

/** `batches` × `INSERT … SELECT FROM unnest` of 1,000 rows, one after another; rows per second. */
export async function rawUnnestBatches(pool, { orgId, typeId, userIds, batches }) {
  const started = performance.now();
  for (let b = 0; b < batches; b++) {
    const users = Array.from({ length: 1000 }, (_, i) => userIds[(b * 1000 + i) % userIds.length]);
    await pool.query(
      `INSERT INTO bench_raw_activities (org_id, user_id, activity_type_id, quantity, occurred_at, source)
       SELECT $1, u, $2, 1, now(), 'api' FROM unnest($3::uuid[]) u`,
      [orgId, typeId, users],
    );
  }
  return {
    rows: batches * 1000,
    perSecond: (batches * 1000) / ((performance.now() - started) / 1000),
  };
}

/**
 * Top 50 + one competition rank from an ordered index `(contest_id, points DESC, name)` over
 * random scores of `userIds`: what a ranked read costs in PostgreSQL itself. p50/p99 in ms.
 */
export async function rawIndexReads(pool, { contestId, userIds, reads }) {
  await pool.query('DROP TABLE IF EXISTS bench_raw_scores');
  await pool.query(
    'CREATE TABLE bench_raw_scores (contest_id uuid, user_id uuid, points numeric(20, 2), name text)',
  );
  await pool.query(
    `INSERT INTO bench_raw_scores SELECT $1, u, round((random() * 1000)::numeric, 2), 'n' || u
       FROM unnest($2::uuid[]) u`,
    [contestId, userIds],
  );
  await pool.query(
    'CREATE INDEX bench_raw_scores_rank ON bench_raw_scores (contest_id, points DESC, name)',
  );
  await pool.query('ANALYZE bench_raw_scores');
  const timed = await timeReads(reads, async (i) => {
    await pool.query(
      'SELECT user_id, points FROM bench_raw_scores WHERE contest_id = $1 ORDER BY points DESC, name LIMIT 50',
      [contestId],
    );
    await pool.query(
      `SELECT s.points, (SELECT count(*) FROM bench_raw_scores o WHERE o.contest_id = s.contest_id AND o.points > s.points) + 1 AS rank
         FROM bench_raw_scores s WHERE s.contest_id = $1 AND s.user_id = $2`,
      [contestId, userIds[(i * 7919) % userIds.length]],
    );
  });
  await pool.query('DROP TABLE bench_raw_scores');
  return timed;
}

/** p50/p99 of `reads` calls of `once(i)`, in ms. */
export async function timeReads(reads, once, seconds = Infinity) {
  const latencies = [];
  const deadline = performance.now() + seconds * 1000;
  for (let i = 0; i < reads && performance.now() < deadline; i++) {
    const t0 = performance.now();
    await once(i);
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  return {
    reads: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/**
 * The machine's Redis (`url`), or `{ skipped: reason }` when it does not answer within 2 s.
 * `ioredis` is the API's own Redis client.
 */
export async function connectRedis(Redis, url) {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    return { redis };
  } catch (error) {
    redis.disconnect();
    return { skipped: `Redis at ${url} unreachable (${error.message})` };
  }
}

/**
 * Loads `[member, score][]` into the sorted set `key` and times top 50 + my rank + my score
 * (`ZREVRANGE 0 49 WITHSCORES`, `ZREVRANK`, `ZSCORE`, one after another as the two HTTP calls
 * are) and around me (`ZREVRANK`, then `ZREVRANGE rank−k rank+k WITHSCORES`).
 */
export async function redisReads(redis, key, scores, { reads, around, me }) {
  await redis.del(key);
  for (let i = 0; i < scores.length; i += 10_000) {
    const args = scores.slice(i, i + 10_000).flatMap(([member, score]) => [score, member]);
    await redis.zadd(key, ...args);
  }
  const top = await timeReads(reads, async (i) => {
    const member = me(i);
    await redis.zrevrange(key, 0, 49, 'WITHSCORES');
    await redis.zrevrank(key, member);
    await redis.zscore(key, member);
  });
  const near = await timeReads(reads, async (i) => {
    const rank = await redis.zrevrank(key, me(i));
    await redis.zrevrange(key, Math.max(0, rank - around), rank + around, 'WITHSCORES');
  });
  await redis.del(key);
  return { top, around: near };
}
