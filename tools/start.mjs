// `npm start`: build whatever is missing or stale (Nx's cache makes an unchanged build a no-op),
// then run the server — web app, API and websockets on one port — in this very process.
// SKIP_BUILD=1 serves what is built as it is (the process-level tests; the Docker image runs
// apps/api/dist/main.js directly).
import { nx } from './nx.mjs';

if (process.env.SKIP_BUILD !== '1') {
  const started = Date.now();
  console.log('Building what changed (a first build takes a minute or two)…');
  try {
    await nx(['run-many', '-t', 'build', '-p', 'api', 'web', '--outputStyle=static'], {
      quiet: true,
    });
    console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
await import('../apps/api/dist/main.js');
