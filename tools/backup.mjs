// `npm run backup`: build the API if needed, then run apps/api/src/database/backup-cli.ts.
import { nx } from './nx.mjs';

try {
  await nx(['run', 'api:build', '--outputStyle=static']);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
await import('../apps/api/dist/database/backup-cli.js');
