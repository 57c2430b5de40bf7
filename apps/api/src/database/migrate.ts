import 'reflect-metadata';
import { loadConfig } from '../config/app-config';
import { runMigrations } from './data-source';
import { openDatabaseTarget } from './database-target';

/**
 * `npm run migrate`: applies pending migrations to DATABASE_URL, or to the embedded database —
 * the running Arena's when one runs (the migration advisory lock serialises it with any other
 * run), else started for this run.
 */
async function migrate(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabaseTarget(config);
  try {
    const applied = await runMigrations(database.url);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
  } finally {
    await database.close();
  }
}

migrate().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
