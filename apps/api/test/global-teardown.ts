import { rmSync } from 'node:fs';

/**
 * Stops the run's embedded PostgreSQL and deletes its data dir with the cluster in it (~86 MB;
 * the system temp dir is open to the postgres user, so the cluster lives there even as root).
 */
export default async function globalTeardown(): Promise<void> {
  const run = globalThis.__ARENA_TEST_DB__;
  if (!run) return;
  await run.db.stop();
  rmSync(run.dataDir, { recursive: true, force: true });
}
