import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type ArenaServer = {
  baseUrl: string;
  /** Shuts the server down and deletes its data. */
  stop: () => Promise<void>;
  /**
   * Stops the server (keeping its data) and starts it again on the same port and data dir, with
   * `env` on top of what it started with (e.g. another `WEB_DIST`, as after a release).
   */
  restart: (env?: Record<string, string>) => Promise<void>;
};

type ServerProcess = { stop: (options?: { keepData?: boolean }) => Promise<void> };

const repoRoot = resolve(__dirname, '../../..');

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (typeof address !== 'object' || address === null) return fail(new Error('no port'));
      probe.close(() => done(address.port));
    });
  });
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

/**
 * The built server (`apps/api/dist/main.js`, which also serves `apps/web/dist`) on a free port,
 * with its own embedded PostgreSQL in a temporary data dir and no demo. `stop` shuts it down
 * gracefully (so PostgreSQL stops too), then kills the whole process group if it lingers.
 */
export async function startArenaServer(env: Record<string, string> = {}): Promise<ArenaServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'arena-web-e2e-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  let current = await spawnServer(port, dataDir, env);
  return {
    baseUrl,
    stop: () => current.stop(),
    restart: async (more = {}) => {
      await current.stop({ keepData: true });
      current = await spawnServer(port, dataDir, { ...env, ...more });
    },
  };
}

async function spawnServer(
  port: number,
  dataDir: string,
  env: Record<string, string>,
): Promise<ServerProcess> {
  const output: string[] = [];
  const child = spawn(process.execPath, ['apps/api/dist/main.js'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      DEMO: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      REDIS_URL: '',
      JWT_SECRET: 'web-e2e-secret-web-e2e-secret-web-e2e',
      ...env,
    },
  });
  const keep = (chunk: Buffer) => output.push(chunk.toString());
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  // Whatever happens to the test run, the server and its database go with it.
  process.once('exit', killGroup);

  const stop = async ({ keepData = false } = {}) => {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      if (!(await exited(child, 15_000))) killGroup();
    }
    killGroup();
    process.removeListener('exit', killGroup);
    if (!keepData) rmSync(dataDir, { recursive: true, force: true });
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ok = await fetch(`${baseUrl}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return { stop };
    // A separate process with no signal of its own: its health check says when it serves.
    await new Promise((wait) => setTimeout(wait, 200));
  }
  await stop();
  throw new Error(`The Arena server did not become healthy:\n${output.join('')}`);
}
