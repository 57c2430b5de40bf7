// The board reads of bench:scale against a database it kept (`SCALE_KEEP_DB=1`), with the API's
// CPU per request (from /proc) beside each p50 — on a shared machine wall times swing with other
// work, CPU per request much less. For comparing builds: run it from each checkout in turn.
//   READS_DB=arena_scale_… [READS_N=300] [READS_ORDER=desc|asc] node tools/bench/reads-cpu.mjs
// Each board: 50 untimed pairs, then top 50 + my rank (the pair), the page alone, my score alone,
// the HTTP floor (two 404s) and Redis ZREVRANGE 0 49 + ZREVRANK + ZSCORE on the same scores.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { percentile, startApiServer } from './harness.mjs';

const require = createRequire(import.meta.url);
const jwt = require('jsonwebtoken');
const { Pool } = require('pg');
const Redis = require('ioredis');

const N = Number(process.env.READS_N ?? 300);
const order = process.env.READS_ORDER === 'asc' ? 'ASC' : 'DESC';
const databaseUrl = `postgres://postgres@127.0.0.1:5432/${process.env.READS_DB}`;
const pool = new Pool({ connectionString: databaseUrl });
const server = await startApiServer({
  databaseUrl,
  dataDir: process.env.DATA_DIR ?? '/tmp/arena-reads-cpu',
  log: () => {},
});
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const [admin] = (
  await pool.query("SELECT id, org_id, token_version FROM users WHERE role = 'admin' LIMIT 1")
).rows;
const token = jwt.sign(
  { sub: admin.id, org: admin.org_id, role: 'admin', ver: admin.token_version },
  server.jwtSecret,
  { expiresIn: 3600, jwtid: randomUUID() },
);
const get = async (path) => {
  const res = await fetch(`${server.base}/api${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await res.text();
};
/** p50 of `n` sequential calls, and the API's CPU ms per call over them. */
async function measure(n, fn) {
  const cpu0 = server.cpuSeconds();
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return `${percentile(times, 50).toFixed(2)} ms (CPU ${(((server.cpuSeconds() - cpu0) * 1000) / n).toFixed(2)})`;
}
try {
  const boards = await pool.query(
    `SELECT contest_id, entries FROM contest_boards ORDER BY entries ${order}`,
  );
  for (const { contest_id: c, entries } of boards.rows) {
    const rows = (
      await pool.query('SELECT user_id, points FROM contest_scores WHERE contest_id = $1', [c])
    ).rows;
    const me = (i) => rows[(i * 7919) % rows.length].user_id;
    const pair = async (i) => {
      await get(`/contests/${c}/leaderboard?limit=50`);
      await get(`/contests/${c}/scores/${me(i)}`);
    };
    for (let i = 0; i < 50; i++) await pair(N + i);
    const key = `bench:reads-cpu:${c}`;
    await redis.del(key);
    for (let i = 0; i < rows.length; i += 10_000)
      await redis.zadd(
        key,
        ...rows.slice(i, i + 10_000).flatMap((r) => [Number(r.points), r.user_id]),
      );
    const figures = {
      pair: await measure(N, pair),
      page: await measure(N, () => get(`/contests/${c}/leaderboard?limit=50`)),
      score: await measure(N, (i) => get(`/contests/${c}/scores/${me(i)}`)),
      floor: await measure(N, async () => {
        await get('/no-such-route');
        await get('/no-such-route');
      }),
      redis: await measure(N, async (i) => {
        await redis.zrevrange(key, 0, 49, 'WITHSCORES');
        await redis.zrevrank(key, me(i));
        await redis.zscore(key, me(i));
      }),
    };
    await redis.del(key);
    console.log(
      `${entries} entries: ${Object.entries(figures)
        .map(([name, figure]) => `${name} ${figure}`)
        .join(', ')}`,
    );
  }
} finally {
  redis.disconnect();
  await pool.end();
  await server.stop();
}
