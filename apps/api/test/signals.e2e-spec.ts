import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { API_MAIN, eventually, freePort } from './processes';

const ROOT = resolve(__dirname, '../../..');

/** One process of the tree under a started Arena, read from /proc. */
interface Proc {
  pid: number;
  ppid: number;
  cmdline: string;
}

function processes(): Proc[] {
  const all: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') continue; // exited, not yet reaped: not running
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      all.push({ pid: Number(entry), ppid: Number(ppid), cmdline });
    } catch {
      // It ended while we looked.
    }
  }
  return all;
}

/** `root` and everything it started, transitively. */
function tree(root: number): Proc[] {
  const all = processes();
  const pids = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const proc of all)
      if (!pids.has(proc.pid) && pids.has(proc.ppid)) grew = pids.add(proc.pid).size > 0;
  }
  return all.filter((proc) => pids.has(proc.pid));
}

const alive = (pids: number[]) => {
  const running = new Set(processes().map((proc) => proc.pid));
  return pids.filter((pid) => running.has(pid));
};

interface Arena {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<void>;
}

/**
 * Starts Arena as a user or a supervisor does — `npm start`, or the built entry — on the embedded
 * PostgreSQL in `dataDir` (never the run's shared database), and waits until it is healthy.
 */
async function startArena(
  command: 'npm start' | 'main.js',
  dataDir: string,
  env: Record<string, string> = {},
): Promise<Arena> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    DEMO: '0',
    LOG_LEVEL: 'warn',
    // The build is the test run's own (api:test depends on api:build): serve it as it is.
    SKIP_BUILD: '1',
    WEB_DIST: join(tmpdir(), 'arena-no-web-build'),
    ...env,
  };
  delete childEnv['DATABASE_URL'];
  const [file, args] =
    command === 'npm start' ? ['npm', ['start']] : [process.execPath, [API_MAIN]];
  // Its own process group, so that cleanup can end whatever a failed test leaves.
  const child = spawn(file, args, {
    cwd: ROOT,
    env: childEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const arena = { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
  started.push(arena);
  await eventually(
    `Arena answers /api/health (${command}); output so far:\n${output}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`Arena exited early:\n${output}`);
      return fetch(`${arena.url}/api/health`).then(
        (res) => res.ok,
        () => false,
      );
    },
    90_000,
  );
  return arena;
}

const started: Arena[] = [];
const dataDirs: string[] = [];
const newDataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'arena-signals-'));
  dataDirs.push(dir);
  return dir;
};
const postmasterPid = (dataDir: string) => join(dataDir, 'postgres', 'postmaster.pid');
const runningUrl = (dataDir: string) => join(dataDir, 'running-database-url');
const isPostgres = (proc: Proc) => /postgres/.test(proc.cmdline) && !/watchdog/.test(proc.cmdline);

afterEach(async () => {
  // Whatever a failed assertion left running: the group of each start, then the postmasters.
  for (const arena of started.splice(0)) {
    for (const proc of tree(arena.child.pid!)) signal(proc.pid, 'SIGKILL');
    signal(-arena.child.pid!, 'SIGKILL');
  }
  for (const dir of dataDirs.splice(0)) {
    if (existsSync(postmasterPid(dir)))
      signal(Number(readFileSync(postmasterPid(dir), 'utf8').split('\n')[0]), 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/** Issue 13.2: however Arena is started and stopped, nothing of it is left running. */
describe('signals', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'a %s to the PID of `npm start` stops npm, the server and the embedded PostgreSQL',
    async (name) => {
      const dataDir = newDataDir();
      const arena = await startArena('npm start', dataDir);
      const procs = tree(arena.child.pid!);
      expect(procs.filter(isPostgres).length).toBeGreaterThan(0);
      expect(existsSync(runningUrl(dataDir))).toBe(true);

      process.kill(arena.child.pid!, name);
      await arena.exited;
      await eventually(
        'every process of the start has ended',
        () => alive(procs.map((proc) => proc.pid)).length === 0,
      );
      expect(existsSync(postmasterPid(dataDir))).toBe(false);
      expect(existsSync(runningUrl(dataDir))).toBe(false);
    },
    120_000,
  );

  it('a SIGKILL of the server takes the embedded PostgreSQL with it, and the next start runs', async () => {
    const dataDir = newDataDir();
    const first = await startArena('main.js', dataDir);
    const postgres = tree(first.child.pid!).filter(isPostgres);
    process.kill(first.child.pid!, 'SIGKILL');
    await first.exited;
    await eventually(
      'the embedded PostgreSQL has stopped',
      () => alive(postgres.map((proc) => proc.pid)).length === 0,
      30_000,
    );
    expect(existsSync(runningUrl(dataDir))).toBe(false);

    const second = await startArena('main.js', dataDir);
    process.kill(second.child.pid!, 'SIGTERM');
    await second.exited;
    expect(second.child.exitCode).toBe(0);
  }, 180_000);

  it('a start after an Arena died with its watchdog stops the orphaned PostgreSQL and runs', async () => {
    const dataDir = newDataDir();
    const first = await startArena('main.js', dataDir);
    const procs = tree(first.child.pid!);
    const watchdog = procs.find((proc) => proc.cmdline.includes('arena-postgres-watchdog'));
    expect(watchdog).toBeDefined();
    // As if the whole machine's view of it vanished but the database: both killed at once.
    process.kill(watchdog!.pid, 'SIGKILL');
    process.kill(first.child.pid!, 'SIGKILL');
    await first.exited;
    const orphans = procs.filter(isPostgres);
    expect(alive(orphans.map((proc) => proc.pid)).length).toBeGreaterThan(0);
    expect(existsSync(runningUrl(dataDir))).toBe(true); // stale: nobody removed it

    const second = await startArena('main.js', dataDir);
    expect(alive(orphans.map((proc) => proc.pid))).toEqual([]);
    process.kill(second.child.pid!, 'SIGTERM');
    await second.exited;
    expect(existsSync(runningUrl(dataDir))).toBe(false);
  }, 180_000);

  it('a second start on a running DATA_DIR, or on a taken port, says so in one line and exits 1', async () => {
    const dataDir = newDataDir();
    const first = await startArena('main.js', dataDir);
    const port = new URL(first.url).port;

    const run = (env: Record<string, string>) =>
      new Promise<{ code: number | null; output: string }>((done) => {
        const childEnv: NodeJS.ProcessEnv = {
          ...process.env,
          DEMO: '0',
          WEB_DIST: join(tmpdir(), 'arena-no-web-build'),
          ...env,
        };
        delete childEnv['DATABASE_URL'];
        const child = spawn(process.execPath, [API_MAIN], {
          env: childEnv,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout?.on('data', (chunk) => (output += String(chunk)));
        child.stderr?.on('data', (chunk) => (output += String(chunk)));
        child.once('exit', (code) => done({ code, output }));
      });

    const portTaken = await run({ PORT: port, DATA_DIR: newDataDir() });
    expect(portTaken.code).toBe(1);
    expect(portTaken.output.trim().split('\n')).toEqual([
      `Port ${port} is already in use (127.0.0.1:${port}): stop what listens there (another Arena?), or start with PORT=<a free port>.`,
    ]);

    const sameDir = await run({ PORT: String(await freePort()), DATA_DIR: dataDir });
    expect(sameDir.code).toBe(1);
    expect(sameDir.output.trim().split('\n')).toEqual([
      `Another Arena (process ${first.child.pid}) is running on DATA_DIR ${dataDir}: stop it first, or give this one its own DATA_DIR or a DATABASE_URL.`,
    ]);
    // The running one is untouched, and still records its database.
    expect((await fetch(`${first.url}/api/health`)).ok).toBe(true);
    expect(existsSync(runningUrl(dataDir))).toBe(true);
    process.kill(first.child.pid!, 'SIGTERM');
    await first.exited;
  }, 180_000);
});
