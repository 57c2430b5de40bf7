import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, runMigrations } from './data-source';
import { MIGRATIONS } from './migrations';
import { JOB_SCHEMA } from './migrations/1796530000000-job-queue';

/**
 * `npm run backup` / `npm run restore`: a consistent logical dump of Arena's tables, written and
 * read by Node alone — the embedded PostgreSQL ships no `pg_dump`, and a machine's own `pg_dump`
 * is often older than the server it would have to read.
 *
 * The file is gzip'd text: one JSON header line (format, migrations applied, sequences), then per
 * table a JSON line naming it and its columns, its rows in COPY text format (a row is one line:
 * COPY escapes newlines and backslashes), the terminator `\.`, and a JSON line with the row count.
 * Every table is read in one REPEATABLE READ snapshot, so a backup of a running Arena is
 * consistent. A restore creates the schema by running the migrations the backup was made at,
 * copies the rows in foreign-key order in one transaction, checks every table's row count, then
 * runs the migrations added since — a backup of an older Arena restores into a newer one.
 */

export const BACKUP_FORMAT = 'arena-backup';
export const BACKUP_FORMAT_VERSION = 1;

interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  serverVersion: string;
  /** Migration names applied to the backed-up database, in order. */
  migrations: string[];
  /** Tables in restore (foreign-key) order. */
  tables: string[];
  sequences: { name: string; lastValue: string | null; isCalled: boolean }[];
}

interface TableStart {
  table: string;
  columns: string[];
}

interface TableEnd {
  end: string;
  rows: number;
}

export interface BackupReport {
  tables: { table: string; rows: number }[];
  migrations: string[];
}

export type Progress = (message: string) => void;

/** Tables the migrations table does not count as data: it is rebuilt by running migrations. */
const MIGRATIONS_TABLE = 'migrations';
/** TypeORM's record of generated-column expressions: written by the migrations, like the schema. */
const TYPEORM_METADATA_TABLE = 'typeorm_metadata';
/** Rows between progress lines of a long table. */
const PROGRESS_EVERY = 250_000;

export async function createBackup(
  url: string,
  file: string,
  progress: Progress = () => undefined,
): Promise<BackupReport> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(file, { mode: 0o600 }));
  // A failure of the file (a full disk, a missing folder) must end the backup, not hang it.
  written.catch(() => undefined);
  const report: BackupReport = { tables: [], migrations: [] };
  try {
    // One snapshot for every table: the dump is what the database held at one instant.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const migrations = await appliedMigrations(client);
    if (migrations.length === 0) throw new Error('The database has no Arena schema to back up.');
    const tables = await tablesInRestoreOrder(client);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      serverVersion: (await client.query<{ v: string }>('SHOW server_version')).rows[0]!.v,
      migrations,
      tables,
      sequences: await sequences(client),
    };
    report.migrations = migrations;
    await writeLine(gzip, JSON.stringify(header));
    for (const table of tables) {
      const columns = await copyableColumns(client, table);
      await writeLine(gzip, JSON.stringify({ table, columns } satisfies TableStart));
      const rows = await copyTableOut(client, table, columns, gzip, (count) =>
        progress(`  ${table}: ${count.toLocaleString('en')} rows…`),
      );
      await writeLine(gzip, '\\.');
      await writeLine(gzip, JSON.stringify({ end: table, rows } satisfies TableEnd));
      report.tables.push({ table, rows });
      progress(`${table}: ${rows.toLocaleString('en')} rows`);
    }
    await client.query('COMMIT');
    gzip.end();
    await written;
    return report;
  } catch (error) {
    gzip.destroy();
    await written.catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface RestoreOptions {
  /** Drop every table of a database that already holds an Arena schema before restoring. */
  replace?: boolean;
  progress?: Progress;
}

export async function restoreBackup(
  url: string,
  file: string,
  options: RestoreOptions = {},
): Promise<BackupReport> {
  const progress = options.progress ?? (() => undefined);
  // The whole file is read once before the database is touched: a truncated or damaged file
  // restores nothing and, with --replace, drops nothing.
  const header = await checkBackupFile(file);
  progress(`The backup file is whole: made ${header.createdAt}, ${header.tables.length} tables`);
  const known = MIGRATIONS.map((migration) => migration.name);
  const unknown = header.migrations.filter((name, index) => known[index] !== name);
  if (unknown.length > 0)
    throw new Error(
      `The backup was made by another (newer) version of Arena: its migrations ${unknown.join(', ')} ` +
        'are not this version’s. Restore it with that version or a later one.',
    );

  await prepareEmptySchema(url, options.replace === true, progress);
  let report: BackupReport;
  try {
    // The schema the backup was made at, so its columns are exactly the tables' columns.
    const atBackup = new DataSource({
      ...buildDataSourceOptions(url),
      migrations: MIGRATIONS.slice(0, header.migrations.length),
    });
    await atBackup.initialize();
    try {
      await atBackup.runMigrations({ transaction: 'each' });
    } finally {
      await atBackup.destroy();
    }
    report = await copyRowsIn(url, file, header, progress);
  } catch (error) {
    // Leave the database as empty as it was found (or as --replace made it).
    await dropAllTables(url).catch(() => undefined);
    throw error;
  }
  const applied = await runMigrations(url);
  if (applied.length > 0) progress(`Upgraded the restored data: ${applied.join(', ')}`);
  return report;
}

/** A reader of the backup's lines; reaching the end early is the file's fault. */
function backupLines(file: string): () => Promise<string> {
  const lines = createInterface({
    input: createReadStream(file).pipe(createGunzip()),
    crlfDelay: Infinity,
  })[Symbol.asyncIterator]();
  return async () => {
    const result = await lines.next();
    if (result.done) throw new Error('The backup file ends early: it is incomplete or damaged.');
    return result.value;
  };
}

/** Reads the file through: its header, every table's section and row count. */
async function checkBackupFile(file: string): Promise<BackupHeader> {
  const next = backupLines(file);
  let first: string;
  try {
    first = await next();
  } catch {
    throw new Error('This is not an Arena backup file (not gzip, or empty).');
  }
  const header = parseHeader(first);
  for (const expected of header.tables) {
    const start = parseLine<TableStart>(await next(), expected);
    if (start.table !== expected) throw new Error(`The backup file is damaged near ${expected}.`);
    let rows = 0;
    while ((await next()) !== '\\.') rows++;
    const end = parseLine<TableEnd>(await next(), expected);
    if (end.end !== expected || end.rows !== rows)
      throw new Error(
        `The backup file is damaged: ${expected} holds ${rows} rows, its count says ${end.rows}.`,
      );
  }
  return header;
}

function parseLine<T>(line: string, near: string): T {
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`The backup file is damaged near ${near}.`);
  }
}

/** Copies every table's rows in one transaction, in the file's (foreign-key) order. */
async function copyRowsIn(
  url: string,
  file: string,
  header: BackupHeader,
  progress: Progress,
): Promise<BackupReport> {
  const next = backupLines(file);
  await next(); // the header, already read
  const client = new Client({ connectionString: url });
  await client.connect();
  const report: BackupReport = { tables: [], migrations: header.migrations };
  try {
    await client.query('BEGIN');
    const checkedAtEnd = await skipRowByRowChecks(client);
    // Without the replica role, the schema's own triggers would fire on the copied rows: the
    // standings' counts (contest_boards) would be counted a second time and new users would join
    // boards the file already holds. The restoring role owns the tables it just created, so it
    // may switch them off (foreign-key checks stay on) for the copy.
    if (!checkedAtEnd) await setUserTriggers(client, header.tables, 'DISABLE');
    for (const expected of header.tables) {
      const start = parseLine<TableStart>(await next(), expected);
      const copied = await copyTableIn(client, start, next, (count) =>
        progress(`  ${start.table}: ${count.toLocaleString('en')} rows…`),
      );
      await next(); // the row count, already checked
      report.tables.push({ table: start.table, rows: copied });
      progress(`${start.table}: ${copied.toLocaleString('en')} rows`);
    }
    if (checkedAtEnd) await checkForeignKeys(client, progress);
    else await setUserTriggers(client, header.tables, 'ENABLE');
    for (const sequence of header.sequences) {
      if (sequence.lastValue === null) continue;
      await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [
        sequence.name,
        sequence.lastValue,
        sequence.isCalled,
      ]);
    }
    await client.query('COMMIT');
    return report;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Foreign keys are checked by per-row triggers, which at millions of rows cost as much as the copy
 * itself. Where the role may (a superuser, or one granted SET on the parameter), the copy runs
 * with them off and every foreign key is then checked once, set-based, before COMMIT.
 */
async function skipRowByRowChecks(client: Client): Promise<boolean> {
  await client.query('SAVEPOINT replica_role');
  try {
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query('RELEASE SAVEPOINT replica_role');
    return true;
  } catch {
    await client.query('ROLLBACK TO SAVEPOINT replica_role');
    return false;
  }
}

/** The schema's own (not foreign-key) triggers of the given tables, off or on again. */
async function setUserTriggers(
  client: Client,
  tables: string[],
  mode: 'DISABLE' | 'ENABLE',
): Promise<void> {
  for (const table of tables)
    await client.query(`ALTER TABLE ${client.escapeIdentifier(table)} ${mode} TRIGGER USER`);
}

/** Every foreign key of the schema, checked by one anti-join each (MATCH SIMPLE: NULLs pass). */
async function checkForeignKeys(client: Client, progress: Progress): Promise<void> {
  await client.query('SET LOCAL session_replication_role = origin');
  const keys = await client.query<{
    name: string;
    child: string;
    parent: string;
    child_columns: string[];
    parent_columns: string[];
  }>(
    `SELECT c.conname AS name, c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
            array(SELECT quote_ident(a.attname) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS child_columns,
            array(SELECT quote_ident(a.attname) FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) AS parent_columns
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = current_schema()
      ORDER BY c.conname`,
  );
  for (const key of keys.rows) {
    const present = key.child_columns.map((column) => `c.${column} IS NOT NULL`).join(' AND ');
    const joined = key.child_columns
      .map((column, i) => `p.${key.parent_columns[i]} = c.${column}`)
      .join(' AND ');
    const broken = await client.query(
      `SELECT 1 FROM ${key.child} c WHERE ${present}
          AND NOT EXISTS (SELECT 1 FROM ${key.parent} p WHERE ${joined}) LIMIT 1`,
    );
    if (broken.rowCount)
      throw new Error(
        `The backup file is damaged: rows of ${key.child} point to ${key.parent} rows it does not hold (${key.name}).`,
      );
  }
  progress(`Checked ${keys.rowCount} foreign keys`);
}

function parseHeader(line: string): BackupHeader {
  let header: Partial<BackupHeader>;
  try {
    header = JSON.parse(line) as Partial<BackupHeader>;
  } catch {
    throw new Error('This is not an Arena backup file.');
  }
  if (header.format !== BACKUP_FORMAT) throw new Error('This is not an Arena backup file.');
  if (header.version !== BACKUP_FORMAT_VERSION)
    throw new Error(
      `The backup file has format version ${header.version}; this Arena reads ${BACKUP_FORMAT_VERSION}.`,
    );
  return header as BackupHeader;
}

/** Refuses a database that holds tables unless `replace`; then drops every table in it. */
async function prepareEmptySchema(
  url: string,
  replace: boolean,
  progress: Progress,
): Promise<void> {
  const tables = await tablesOf(url);
  if (tables.length === 0) return;
  if (!replace)
    throw new Error(
      'The target database is not empty. Restore into an empty database, or pass --replace ' +
        'to drop everything in it first (make a backup of it before you do).',
    );
  progress(`Dropping the ${tables.length} tables of the target database`);
  await dropAllTables(url);
}

async function tablesOf(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema()`,
    );
    return tables.rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

async function dropAllTables(url: string): Promise<void> {
  const tables = await tablesOf(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    if (tables.length > 0) await client.query(`DROP TABLE ${tables.join(', ')} CASCADE`);
    // The job queue's schema is a migration's too (not backed up: its jobs belong to the
    // database they were queued in); the migrations that follow install it again.
    await client.query(`DROP SCHEMA IF EXISTS ${JOB_SCHEMA} CASCADE`);
  } finally {
    await client.end();
  }
}

async function appliedMigrations(client: Client): Promise<string[]> {
  const exists = await client.query(`SELECT to_regclass($1) AS t`, [MIGRATIONS_TABLE]);
  if (exists.rows[0].t === null) return [];
  const rows = await client.query<{ name: string }>(
    `SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY timestamp, id`,
  );
  return rows.rows.map((row) => row.name);
}

/**
 * The schema's tables, parents before children (a table referencing itself counts no edge: its
 * rows are checked at the end of the COPY statement). A cycle between tables cannot be copied
 * table by table and is refused.
 */
export async function tablesInRestoreOrder(client: Client): Promise<string[]> {
  const tables = (
    await client.query<{ name: string }>(
      // A partitioned table is one table: its partitions (a big contest's activity scores) are
      // read through it and written back through it, where the rows find their partition.
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND c.relname <> ALL($1) ORDER BY c.relname`,
      [[MIGRATIONS_TABLE, TYPEORM_METADATA_TABLE]],
    )
  ).rows.map((row) => row.name);
  const edges = (
    await client.query<{ child: string; parent: string }>(
      `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE c.contype = 'f' AND n.nspname = current_schema() AND c.conrelid <> c.confrelid`,
    )
  ).rows;
  const parents = new Map(tables.map((table) => [table, new Set<string>()]));
  for (const edge of edges) parents.get(edge.child)?.add(edge.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter(
      (table) => !placed.has(table) && [...parents.get(table)!].every((p) => placed.has(p)),
    );
    if (ready.length === 0)
      throw new Error(
        `Foreign keys form a cycle between ${tables.filter((t) => !placed.has(t)).join(', ')}.`,
      );
    for (const table of ready) {
      ordered.push(table);
      placed.add(table);
    }
  }
  return ordered;
}

/** Generated columns are computed again on restore; COPY cannot write them. */
async function copyableColumns(client: Client, table: string): Promise<string[]> {
  const rows = await client.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
      ORDER BY ordinal_position`,
    [table],
  );
  return rows.rows.map((row) => row.name);
}

async function sequences(client: Client): Promise<BackupHeader['sequences']> {
  const rows = await client.query<{ name: string; last_value: string | null }>(
    `SELECT quote_ident(sequencename) AS name, last_value::text
       FROM pg_sequences WHERE schemaname = current_schema() ORDER BY sequencename`,
  );
  // pg_sequences shows NULL until a sequence is first used: it then restores as unused.
  return rows.rows.map((row) => ({ name: row.name, lastValue: row.last_value, isCalled: true }));
}

const columnList = (columns: string[]) => columns.map((c) => `"${c.replace(/"/g, '""')}"`).join();
const quoteTable = (table: string) => `"${table.replace(/"/g, '""')}"`;

async function copyTableOut(
  client: Client,
  table: string,
  columns: string[],
  out: Writable,
  onProgress: (rows: number) => void,
): Promise<number> {
  let rows = 0;
  let nextReport = PROGRESS_EVERY;
  const source = client.query(
    // The query form: a partitioned table cannot be copied from directly.
    copyTo(`COPY (SELECT ${columnList(columns)} FROM ${quoteTable(table)}) TO STDOUT`),
  );
  // Written chunk by chunk into the one gzip stream (a pipeline per table would end it, or with
  // `end: false` leave its listeners on it), counting rows as the lines go by.
  for await (const chunk of source as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
    if (rows >= nextReport) {
      onProgress(rows);
      nextReport = rows + PROGRESS_EVERY;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  return rows;
}

async function copyTableIn(
  client: Client,
  start: TableStart,
  next: () => Promise<string>,
  onProgress: (rows: number) => void,
): Promise<number> {
  const sink = client.query(
    copyFrom(`COPY ${quoteTable(start.table)} (${columnList(start.columns)}) FROM STDIN`),
  );
  const finished = new Promise<void>((resolve, reject) => {
    sink.on('finish', resolve);
    sink.on('error', reject);
  });
  finished.catch(() => undefined);
  let rows = 0;
  for (let line = await next(); line !== '\\.'; line = await next()) {
    rows++;
    if (rows % PROGRESS_EVERY === 0) onProgress(rows);
    if (!sink.write(line + '\n')) await Promise.race([once(sink, 'drain'), finished]);
  }
  sink.end();
  await finished;
  return rows;
}

async function writeLine(out: Writable, line: string): Promise<void> {
  if (!out.write(line + '\n')) await once(out, 'drain');
}
