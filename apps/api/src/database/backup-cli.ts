import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/app-config';
import { createBackup } from './backup';
import { openDatabaseTarget } from './database-target';

const USAGE = 'npm run backup [-- --out <file>]';

/**
 * `npm run backup`: a consistent dump of every organisation (DATABASE_URL, or the embedded
 * database, running or not) to `DATA_DIR/backups/arena-<UTC time>.backup.gz` or `--out`.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const config = loadConfig();
  const file = resolve(
    values.out ??
      join(
        config.dataDir,
        'backups',
        `arena-${new Date().toISOString().replace(/[:.]/g, '-')}.backup.gz`,
      ),
  );
  mkdirSync(dirname(file), { recursive: true });
  const target = await openDatabaseTarget(config);
  try {
    const started = Date.now();
    console.log(`Backing up ${target.describe} to ${file}`);
    const report = await createBackup(target.url, file, (line) => console.log(line));
    const rows = report.tables.reduce((sum, table) => sum + table.rows, 0);
    console.log(
      `Backup complete: ${report.tables.length} tables, ${rows.toLocaleString('en')} rows, ` +
        `schema at ${report.migrations.at(-1)}, in ${Date.now() - started} ms.\n` +
        `Restore it with: npm run restore -- ${file}`,
    );
  } finally {
    await target.close();
  }
}

main().catch((error: unknown) => {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error(`Usage: ${USAGE}`);
  process.exit(1);
});
