// `npm run demo:remove`: build the API if needed, then delete the demo organisation.
import { nx } from './nx.mjs';

try {
  await nx(['run', 'api:build', '--outputStyle=static']);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
await import('../apps/api/dist/demo/remove-demo.js');
