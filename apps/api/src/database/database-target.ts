import { Client } from 'pg';
import type { AppConfig } from '../config/app-config';
import {
  readRunningDatabaseUrl,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from './embedded-postgres';

export interface DatabaseTarget {
  url: string;
  /** Where the data is, for messages: "DATABASE_URL", or the embedded cluster's data dir. */
  describe: string;
  /** True when a running `npm start` serves this database. */
  inUse: boolean;
  close(): Promise<void>;
}

/**
 * The database a command-line tool (migrate, verify-scores, backup, restore, demo:remove) works on: DATABASE_URL when set, else the embedded database
 * of a running `npm start` (its URL is recorded in DATA_DIR), else the embedded database started
 * for the command and stopped after it.
 */
export async function openDatabaseTarget(config: AppConfig): Promise<DatabaseTarget> {
  if (config.databaseUrl)
    return {
      url: config.databaseUrl,
      describe: 'DATABASE_URL',
      inUse: false,
      close: async () => {},
    };
  const running = readRunningDatabaseUrl(config.dataDir);
  if (running && (await reachable(running)))
    return {
      url: running,
      describe: `the embedded database in ${config.dataDir} (the running Arena's)`,
      inUse: true,
      close: async () => {},
    };
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres({ dataDir: config.dataDir });
  return {
    url: embedded.url,
    describe: `the embedded database in ${embedded.clusterDir}`,
    inUse: false,
    close: () => embedded.stop(),
  };
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
