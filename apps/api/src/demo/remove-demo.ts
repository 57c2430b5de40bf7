import { Client } from 'pg';
import { loadConfig } from '../config/app-config';
import { openDatabaseTarget } from '../database/database-target';
import { removeDemoOrganisation } from './demo-removal';

/**
 * `npm run demo:remove` (in the Docker image: `node apps/api/dist/demo/remove-demo.js`): deletes
 * the demo organisation and everything of it from DATABASE_URL, or from the embedded database.
 */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, DEMO: '0' });
  const database = await openDatabaseTarget(config);
  const client = new Client({ connectionString: database.url });
  try {
    await client.connect();
    const removed = await removeDemoOrganisation(client);
    if (!removed) {
      console.log('There is no demo organisation in this database.');
      return;
    }
    console.log(
      `Removed the demo organisation "${removed.organisation.name}": ${removed.people} people, ` +
        `${removed.activities} activities and everything else of it.`,
    );
    console.log(
      'Start Arena with DEMO=0 from now on (production mode does so by default), or the next ' +
        'start creates it again. A server running the demo now keeps trying to simulate: restart it.',
    );
  } finally {
    await client.end().catch(() => undefined);
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
