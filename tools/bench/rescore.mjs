// `npm run bench:rescore`: a full re-score and `verify-scores` of one contest over a large log,
// each next to a raw PostgreSQL baseline in the same run on the same database.
//
// Seeds (by COPY; not measured) an organisation of SCALE_REPS reps and SCALE_ACTIVITIES
// activities over 30 days, and a published individual contest of every rep with three rules
// (call 2 pts, daily cap 20; meeting 10 pts, total cap 40; deal 0.0125 pts per currency unit)
// and a ×1.5 window over one day. Then measures, each in a child process of its own (so its peak
// RSS is the path's):
//   - re-score (publish): ScoreKeeper.rescoreContest from the built API, in a transaction, on a
//     contest with no kept rows yet;
//   - verify: ScoreVerifier.verify, which must report 0 differences;
//   - re-score (edit): the same again, now deleting the 1M kept rows first;
// and the raw baselines: the same log `COPY (SELECT … ORDER BY user, occurred_at, id) TO STDOUT`
// (read, nothing parsed), `INSERT … SELECT` of one row per activity into a bare copy of
// `contest_activity_scores` (no index, no key: the cheapest write of those rows), and the same
// into the table itself row by row (its indexes and foreign keys), each rolled back.
//
// Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) to create and drop a fresh
// database (SCALE_DB, default arena_bench_rescore_<pid>: two runs on one server never share
// one). Options (env): SCALE_REPS=50000 SCALE_ACTIVITIES=1000000; SCALE_SKIP_BUILD=1 uses the
// API as built; SCALE_KEEP_DB=1 keeps the seeded database, SCALE_REUSE=1 measures again on it
// (SCALE_DB names it; no seeding; the kept scores are cleared before the publish);
// SCALE_RAW_INDEXED=0 skips the raw write into the indexed table.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { nx } from '../nx.mjs';

const require = createRequire(import.meta.url);
const REPS = Number(process.env.SCALE_REPS ?? 50_000);
const ACTIVITIES = Number(process.env.SCALE_ACTIVITIES ?? 1_000_000);
const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB = process.env.SCALE_DB ?? `arena_bench_rescore_${process.pid}`;

if (process.env.SCALE_SKIP_BUILD !== '1') await nx(['run', 'api:build', '--outputStyle=static']);
const { Client } = require('pg');
const { from: copyFrom, to: copyTo } = require('pg-copy-streams');
const { runMigrations } = require('../../apps/api/dist/database/data-source.js');

const urlOf = (name) => {
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  return url.toString();
};
const url = urlOf(DB);
const admin = new Client({ connectionString: SERVER });
await admin.connect();
// SCALE_REUSE=1: SCALE_DB is a database a run seeded before (and kept): no seeding, nothing dropped.
const REUSE = process.env.SCALE_REUSE === '1';
if (!REUSE) {
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
}

const timed = async (fn) => {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
};
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const perSecond = (ms) => `${Math.round(ACTIVITIES / (ms / 1000)).toLocaleString('en')}/s`;

let ORG = randomUUID();
let CONTEST = randomUUID();
const START = Date.UTC(2026, 0, 1);
const DAYS = 30;

try {
  await runMigrations(url);
  console.log(
    `Seeding ${REPS.toLocaleString('en')} reps and ${ACTIVITIES.toLocaleString('en')} activities by COPY…`,
  );
  const db = new Client({ connectionString: url });
  if (REUSE) {
    await db.connect();
    [{ id: CONTEST, org_id: ORG }] = (
      await db.query(`SELECT id, org_id FROM contests WHERE name = 'Bench'`)
    ).rows;
    console.log('  (reusing the database seeded before)');
  } else {
    const seed = await timed(() => seedDatabase());
    console.log(`  seeded in ${seconds(seed.ms)} (not measured)`);
    await db.connect();
  }
  await db.query(`SET work_mem = '256MB'`);
  console.log(`\n${'path'.padEnd(50)}${'time'.padStart(9)}${'activities/s'.padStart(14)}`);
  const row = (label, ms, extra = '') =>
    console.log(
      `${label.padEnd(50)}${seconds(ms).padStart(9)}${perSecond(ms).padStart(14)}${extra}`,
    );
  const rawRead = await timed(() => rawCopyOut(db));
  row('raw: COPY (SELECT … ORDER BY …) TO STDOUT', rawRead.ms);
  const rawWrite = await timed(() => rawInsertSelect(db, 'bare'));
  row(
    `raw: INSERT … SELECT into a bare table, ${rawWrite.value.toLocaleString('en')} rows`,
    rawWrite.ms,
  );
  // The write as it was before the partition swap (a minute or more): SCALE_RAW_INDEXED=0 skips it.
  if (process.env.SCALE_RAW_INDEXED !== '0') {
    const rawIndexed = await timed(() => rawInsertSelect(db, 'indexed'));
    row(
      `raw: INSERT … SELECT, keys and indexes, ${rawIndexed.value.toLocaleString('en')} rows`,
      rawIndexed.ms,
    );
  }
  await db.end();

  const rawBoth = rawRead.ms + rawWrite.ms;
  const path = async (label, task, baseline) => {
    const run = await runWorker(task);
    row(
      label,
      run.ms,
      `  ${(run.ms / baseline).toFixed(2)}× raw · peak RSS ${run.maxRssMb} MB` +
        (run.differences === undefined ? '' : ` · ${run.differences} differences`),
    );
    return run;
  };
  await path('stream + score, nothing written', 'score', rawRead.ms);
  // A kept database (SCALE_REUSE=1) holds the last run's scores: cleared, so this is a publish.
  await runWorker('clear');
  const publish = await path('re-score, publish (nothing kept yet)', 'rescore', rawBoth);
  const verify = await path('verify-scores', 'verify', rawRead.ms);
  await path('re-score, edit (every kept row replaced)', 'rescore', rawBoth);
  const verifyAgain = await path('verify-scores after the edit', 'verify', rawRead.ms);
  console.log(
    `\n${publish.activityRows.toLocaleString('en')} scored rows kept. Ratios: stream + score and ` +
      'verify against the raw read; re-scores against raw read + raw write into a bare table.',
  );
  if (verify.differences !== 0 || verifyAgain.differences !== 0) process.exitCode = 1;
} finally {
  if (!REUSE && process.env.SCALE_KEEP_DB !== '1')
    await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
}

/** Runs one product path in a child process: its time and its own peak RSS. */
async function runWorker(task) {
  const worker = fileURLToPath(new URL('./rescore-worker.mjs', import.meta.url));
  const child = spawn(process.execPath, [worker, url, ORG, CONTEST, task], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`${task} worker failed (${code})`);
  return JSON.parse(output.trim().split('\n').pop());
}

async function copyRows(client, sql, rows) {
  const stream = client.query(copyFrom(sql));
  for (const line of rows())
    if (!stream.write(line)) await new Promise((r) => stream.once('drain', r));
  await new Promise((resolve, reject) => {
    stream.on('error', reject);
    stream.end(resolve);
  });
}

async function seedDatabase() {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO organizations (id, name, timezone) VALUES ($1, 'Bench', 'Europe/Berlin')`,
      [ORG],
    );
    const types = ['call', 'meeting', 'deal'].map((key) => ({ key, id: randomUUID() }));
    for (const type of types) {
      await client.query(
        `INSERT INTO activity_types (id, org_id, key, label, category, unit) VALUES ($1, $2, $3, $3, 'activity', 'count')`,
        [type.id, ORG, type.key],
      );
    }
    const users = Array.from({ length: REPS }, () => randomUUID());
    await copyRows(
      client,
      `COPY users (id, org_id, email, name, role, password_hash) FROM STDIN`,
      function* () {
        for (const [i, id] of users.entries())
          yield `${id}\t${ORG}\trep${i}@bench.test\tRep ${i}\trep\tx\n`;
      },
    );
    await client.query(
      `INSERT INTO contests (id, org_id, name, starts_at, ends_at, timezone, prizes, published_at)
       VALUES ($1, $2, 'Bench', $3, $4, 'Europe/Berlin', '[]', now())`,
      [CONTEST, ORG, new Date(START), new Date(START + DAYS * 86_400_000)],
    );
    await client.query(
      `INSERT INTO contest_rules (org_id, contest_id, activity_type, points_per_unit, daily_cap, total_cap, position)
       VALUES ($1, $2, 'call', 2, 20, NULL, 0), ($1, $2, 'meeting', 10, NULL, 40, 1), ($1, $2, 'deal', 0.0125, NULL, NULL, 2)`,
      [ORG, CONTEST],
    );
    await client.query(
      `INSERT INTO contest_multipliers (org_id, contest_id, starts_at, ends_at, factor, position) VALUES ($1, $2, $3, $4, 1.5, 0)`,
      [ORG, CONTEST, new Date(START + 10 * 86_400_000), new Date(START + 11 * 86_400_000)],
    );
    await copyRows(
      client,
      `COPY contest_participants (org_id, contest_id, user_id) FROM STDIN`,
      function* () {
        for (const id of users) yield `${ORG}\t${CONTEST}\t${id}\n`;
      },
    );
    let seed = 42;
    const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    await copyRows(
      client,
      `COPY activities (org_id, user_id, activity_type_id, quantity, occurred_at, source) FROM STDIN`,
      function* () {
        for (let i = 0; i < ACTIVITIES; i++) {
          const type = types[Math.floor(next() * 3)];
          const quantity =
            type.key === 'deal' ? (next() * 5000).toFixed(2) : String(1 + Math.floor(next() * 3));
          const at = new Date(START + Math.floor(next() * DAYS * 86_400_000)).toISOString();
          yield `${ORG}\t${users[Math.floor(next() * REPS)]}\t${type.id}\t${quantity}\t${at}\timport\n`;
        }
      },
    );
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

/** The log as the re-scorer reads it, ordered the same way, drained without parsing. */
async function rawCopyOut(client) {
  const stream = client.query(
    copyTo(`COPY (SELECT a.id, a.user_id, t.key, a.quantity, a.occurred_at
      FROM activities a JOIN activity_types t ON t.id = a.activity_type_id
      WHERE a.org_id = '${ORG}' AND a.voided_at IS NULL
      ORDER BY a.user_id, a.occurred_at, a.id) TO STDOUT`),
  );
  let bytes = 0;
  for await (const chunk of stream) bytes += chunk.length;
  return bytes;
}

/**
 * One kept-score row per activity, set-based, rolled back: into a bare copy of the table (no
 * index, no key) or into the table itself (its primary key, order index and foreign keys).
 */
async function rawInsertSelect(client, target) {
  const other = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO contests (id, org_id, name, starts_at, ends_at, timezone, prizes) SELECT $1, org_id, 'Raw', starts_at, ends_at, timezone, prizes FROM contests WHERE id = $2`,
      [other, CONTEST],
    );
    let table = 'contest_activity_scores';
    if (target === 'bare') {
      table = 'raw_activity_scores';
      await client.query(`CREATE TABLE ${table} (LIKE contest_activity_scores)`);
    }
    const result = await client.query(
      `INSERT INTO ${table} (org_id, contest_id, activity_id, user_id, activity_type, occurred_at, local_day, quantity, counted_units, multiplier, points)
       SELECT a.org_id, $1, a.id, a.user_id, t.key, a.occurred_at, (a.occurred_at AT TIME ZONE 'Europe/Berlin')::date, a.quantity, a.quantity, 1, a.quantity * 2
       FROM activities a JOIN activity_types t ON t.id = a.activity_type_id WHERE a.org_id = $2`,
      [other, ORG],
    );
    return result.rowCount;
  } finally {
    await client.query('ROLLBACK');
  }
}
