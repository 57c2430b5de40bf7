// `npm run bench:backup`: `npm run backup` and `npm run restore` at customer scale, each next to a
// raw baseline in the same run — PostgreSQL's own COPY cost with nothing of ours around it:
// every table COPY'd out into memory (no gzip, no file), and those bytes COPY'd into a migrated
// empty database (no file, no parsing, no foreign-key checks).
// An embedded, durable PostgreSQL in a temp dir (removed at the end) unless DATABASE_URL is set.
// Options (env): BENCH_REPS=50000 BENCH_ACTIVITIES=2000000
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { nx } from '../nx.mjs';

const require = createRequire(import.meta.url);
const REPS = Number(process.env.BENCH_REPS ?? 50_000);
const ACTIVITIES = Number(process.env.BENCH_ACTIVITIES ?? 2_000_000);

await nx(['run', 'api:build', '--outputStyle=static']);
const { Client } = require('pg');
const { from: copyFrom, to: copyTo } = require('pg-copy-streams');
const { runMigrations } = require('../../apps/api/dist/database/data-source.js');
const { startEmbeddedPostgres } = require('../../apps/api/dist/database/embedded-postgres.js');
const {
  createBackup,
  restoreBackup,
  tablesInRestoreOrder,
} = require('../../apps/api/dist/database/backup.js');

const dir = mkdtempSync(join(tmpdir(), 'arena-bench-'));
const embedded = process.env.DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres({ dataDir: join(dir, 'data') });
const serverUrl = process.env.DATABASE_URL ?? embedded.url;
const urlOf = (name) => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};
const admin = new Client({ connectionString: serverUrl });
await admin.connect();
const databases = ['arena_bench_source', 'arena_bench_raw', 'arena_bench_restored'];
for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
for (const name of databases) await admin.query(`CREATE DATABASE ${name}`);

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const timed = async (fn) => {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
};

try {
  const source = urlOf('arena_bench_source');
  await runMigrations(source);
  await runMigrations(urlOf('arena_bench_raw'));
  console.log(
    `Seeding ${REPS.toLocaleString('en')} reps and ${ACTIVITIES.toLocaleString('en')} activities…`,
  );
  const seed = await timed(() => seedDatabase(source));
  console.log(`  seeded in ${seconds(seed.ms)}`);

  const tables = await tableOrder(source);
  const file = join(dir, 'bench.backup.gz');
  const rawOut = await timed(() => copyOut(source, tables));
  const backup = await timed(() => createBackup(source, file));
  const restore = await timed(() => restoreBackup(urlOf('arena_bench_restored'), file));
  const rawIn = await timed(() => copyIn(urlOf('arena_bench_raw'), rawOut.value));
  const rows = backup.value.tables.reduce((sum, t) => sum + t.rows, 0);
  const restored = restore.value.tables.reduce((sum, t) => sum + t.rows, 0);
  if (restored !== rows) throw new Error(`restored ${restored} rows of ${rows}`);

  const size = statSync(file).size;
  console.log(`\n${rows.toLocaleString('en')} rows in ${tables.length} tables`);
  const line = (label, ms, extra = '') =>
    console.log(`${label.padEnd(34)}${seconds(ms).padStart(8)}${extra}`);
  line('raw COPY out (into memory)', rawOut.ms);
  line(
    'npm run backup',
    backup.ms,
    `  ${(backup.ms / rawOut.ms).toFixed(2)}× raw · ${(size / 2 ** 20).toFixed(0)} MB file · ` +
      `${Math.round(rows / (backup.ms / 1000)).toLocaleString('en')} rows/s`,
  );
  line('raw COPY in (from memory)', rawIn.ms);
  line(
    'npm run restore',
    restore.ms,
    `  ${(restore.ms / rawIn.ms).toFixed(2)}× raw · ` +
      `${Math.round(rows / (restore.ms / 1000)).toLocaleString('en')} rows/s`,
  );
} finally {
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  await embedded?.stop();
  rmSync(dir, { recursive: true, force: true });
}

async function seedDatabase(url) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const org = (
      await client.query(
        `INSERT INTO organizations (name, timezone) VALUES ('Bench', 'Europe/Amsterdam') RETURNING id`,
      )
    ).rows[0].id;
    await client.query(
      `INSERT INTO activity_types (org_id, key, label, category, unit)
       SELECT $1, k, initcap(k), 'activity', 'count' FROM unnest(ARRAY['call','meeting','demo','email']) k`,
      [org],
    );
    await client.query(
      `INSERT INTO users (org_id, email, name, role, password_hash)
       SELECT $1, 'rep' || i || '@bench.test', 'Rep ' || i, 'rep', 'scrypt$bench'
         FROM generate_series(1, $2::int) i`,
      [org, REPS],
    );
    await client.query(
      `INSERT INTO activities (org_id, user_id, activity_type_id, quantity, occurred_at, source, external_id)
       SELECT $1, u.id, t.id, 1 + (i % 3), now() - (i % 525600) * interval '1 minute', 'api', 'crm-' || i
         FROM generate_series(1, $2::int) i
         JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM users WHERE org_id = $1) u
           ON u.n = i % $3::int
         JOIN (SELECT id, row_number() OVER (ORDER BY key) - 1 AS n FROM activity_types WHERE org_id = $1) t
           ON t.n = i % 4`,
      [org, ACTIVITIES, REPS],
    );
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

async function tableOrder(url) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await tablesInRestoreOrder(client);
  } finally {
    await client.end();
  }
}

/** Every table's COPY text, held in memory. */
async function copyOut(url, tables) {
  const client = new Client({ connectionString: url });
  await client.connect();
  const held = [];
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    for (const table of tables) {
      const chunks = [];
      // A partitioned table is copied through a query (it has no generated columns; plain
      // tables are copied whole, which leaves theirs out).
      const { relkind } = (
        await client.query(`SELECT relkind FROM pg_class WHERE oid = $1::regclass`, [table])
      ).rows[0];
      const source = relkind === 'p' ? `(SELECT * FROM "${table}")` : `"${table}"`;
      for await (const chunk of client.query(copyTo(`COPY ${source} TO STDOUT`)))
        chunks.push(chunk);
      held.push({ table, chunks });
    }
    await client.query('COMMIT');
    return held;
  } finally {
    await client.end();
  }
}

async function copyIn(url, held) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    for (const { table, chunks } of held) {
      const sink = client.query(copyFrom(`COPY "${table}" FROM STDIN`));
      await pipeline(async function* () {
        yield* chunks;
      }, sink);
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}
