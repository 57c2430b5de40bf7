import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Runs the workspace's Nx with the given arguments; resolves when it exits successfully. */
export function nx(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('nx/bin/nx.js'), ...args], {
      stdio: 'inherit',
      env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', ...process.env },
    });
    // A SIGINT/SIGTERM meant for us (npm forwards it to us alone) must stop the build too.
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      if (code === 0) resolve();
      else reject(new Error(`nx ${args.join(' ')} failed (${signal ?? code})`));
    });
  });
}
