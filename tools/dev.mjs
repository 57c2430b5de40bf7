// `npm run dev`: for contributors. The API recompiles on change and restarts (on PORT, 3000 by
// default); the web client runs on Vite's dev server with hot reload at http://localhost:5173,
// proxying /api there (vite.config.ts reads the same PORT).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nx } from './nx.mjs';

const bin = (pkg, file) =>
  fileURLToPath(new URL(`../node_modules/${pkg}/${file}`, import.meta.url));

await nx(['run', 'api:build', '--outputStyle=static']);

const children = [
  spawn(
    process.execPath,
    [
      bin('typescript', 'bin/tsc'),
      '-b',
      'apps/api/tsconfig.app.json',
      '--watch',
      '--preserveWatchOutput',
    ],
    { stdio: 'inherit' },
  ),
  spawn(
    process.execPath,
    ['--watch-path=apps/api/dist', '--watch-preserve-output', 'apps/api/dist/main.js'],
    {
      stdio: 'inherit',
      env: { ...process.env, WEB_DIST: process.env.WEB_DIST ?? 'apps/web/no-build-in-dev' },
    },
  ),
  spawn(process.execPath, [bin('vite', 'bin/vite.js'), '--config', 'apps/web/vite.config.ts'], {
    stdio: 'inherit',
  }),
];
const apiPort = process.env.PORT || '3000';
console.log(
  `\nArena dev: web http://localhost:5173 (hot reload) · API http://localhost:${apiPort}/api · docs /api/docs\n`,
);

const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
// When one of them ends (a taken port, a crash), stop the others rather than run half a setup.
for (const child of children) child.once('exit', stop);
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
