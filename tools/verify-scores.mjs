// `npm run verify-scores`: build the API if needed, then recompute every kept contest from the log.
import { nx } from './nx.mjs';

try {
  await nx(['run', 'api:build', '--outputStyle=static']);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
await import('../apps/api/dist/scores/verify-scores.js');
