import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMigrations } from '../src/database/data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded-postgres';

declare global {
  var __ARENA_TEST_DB__: { db: EmbeddedDatabase; dataDir: string } | undefined;
}

/**
 * One real PostgreSQL for the whole run: the embedded one in a temp dir unless DATABASE_URL is
 * set. Migrations run once here; every test creates its own organisation, so tests share no state.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env['DATABASE_URL']) {
    const dataDir = mkdtempSync(join(tmpdir(), 'arena-test-'));
    const db = await startEmbeddedPostgres({ dataDir, ephemeral: true });
    globalThis.__ARENA_TEST_DB__ = { db, dataDir };
    // Workers are forked after this and inherit the environment.
    process.env['DATABASE_URL'] = db.url;
    process.env['ARENA_TEST_EMBEDDED'] = '1';
  }
  await runMigrations(process.env['DATABASE_URL']!);
}
