// `npm run migrate | verify-scores | backup | restore | demo:remove`: build the API if needed
// (a cache hit when nothing changed), then run one of its command-line entry points from
// apps/api/dist, with the arguments after `--` passed on (`npm run backup -- --out f`).
import { nx } from './nx.mjs';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error(
    'Usage: node tools/api-tool.mjs <entry under apps/api/dist, e.g. database/migrate.js>',
  );
  process.exit(2);
}
try {
  await nx(['run', 'api:build', '--outputStyle=static']);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
// The entry parses process.argv as if it had been started itself.
process.argv = [process.argv[0], entry, ...args];
await import(`../apps/api/dist/${entry}`);
