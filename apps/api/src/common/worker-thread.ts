import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * A worker thread of `<dir>/<name>.js` as built (`dist/…`); run from the TypeScript sources (the
 * test runner), the `.ts` file beside it compiled on load with the SWC the tests already use,
 * and `@arena/*` read from the libraries' sources as the tests' module map reads them.
 */
export function spawnWorker(
  dir: string,
  name: string,
  workerData?: unknown,
  resourceLimits?: ResourceLimits,
): Worker {
  const built = join(dir, `${name}.js`);
  if (existsSync(built)) return new Worker(built, { workerData, resourceLimits });
  const source = join(dir, `${name}.ts`);
  const libs = join(__dirname, '..', '..', '..', '..', 'libs');
  const bootstrap = `
    const { readFileSync } = require('node:fs');
    const { join } = require('node:path');
    const Module = require('node:module');
    const { workerData } = require('node:worker_threads');
    const swc = require(workerData.swc);
    require.extensions['.ts'] = (module, filename) => {
      const { code } = swc.transformSync(readFileSync(filename, 'utf8'), {
        filename,
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      });
      module._compile(code, filename);
    };
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      const lib = /^@arena\\/([a-z-]+)$/.exec(request);
      return resolve.call(this, lib ? join(workerData.libs, lib[1], 'src', 'index.ts') : request, ...rest);
    };
    require(workerData.source);
  `;
  return new Worker(bootstrap, {
    resourceLimits,
    eval: true,
    workerData: {
      source,
      libs,
      swc: require.resolve('@swc/core'),
      data: workerData,
      wrapped: true,
    },
  });
}

/** The data a worker was given by `spawnWorker`, however it was started. */
export function spawnedWorkerData<T>(data: unknown): T {
  const wrapped = data as { wrapped?: boolean; data?: unknown } | null;
  return (wrapped?.wrapped ? wrapped.data : data) as T;
}
