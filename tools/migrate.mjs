// `npm run migrate`: build the API if needed, then apply pending migrations.
import { nx } from './nx.mjs';

try {
  await nx(['run', 'api:build', '--outputStyle=static']);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
await import('../apps/api/dist/database/migrate.js');
