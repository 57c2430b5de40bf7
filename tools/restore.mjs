// `npm run restore`: build the API if needed, then run apps/api/src/database/restore-cli.ts.
import { nx } from './nx.mjs';

try {
  await nx(['run', 'api:build', '--outputStyle=static']);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
await import('../apps/api/dist/database/restore-cli.js');
