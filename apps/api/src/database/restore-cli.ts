import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/app-config';
import { restoreBackup } from './backup';
import { openDatabaseTarget } from './database-target';

const USAGE = 'npm run restore -- <file> [--replace]';

/**
 * `npm run restore -- <file>`: restores a backup into an empty database (DATABASE_URL, or the
 * embedded one); `--replace` drops what the database holds first. Refuses the database of a
 * running Arena: its live boards and caches would not know the data changed under them.
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { replace: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new Error('Name one backup file.');
  const file = resolve(positionals[0]!);
  if (!existsSync(file)) throw new Error(`${file} does not exist.`);
  const config = loadConfig();
  const target = await openDatabaseTarget(config);
  try {
    if (target.inUse)
      throw new Error(
        `Arena is running on this database (${target.describe}): stop it (Ctrl-C) before restoring, then start it again.`,
      );
    const started = Date.now();
    console.log(`Restoring ${file} into ${target.describe}`);
    const report = await restoreBackup(target.url, file, {
      replace: values.replace,
      progress: (line) => console.log(line),
    });
    const rows = report.tables.reduce((sum, table) => sum + table.rows, 0);
    console.log(
      `Restore complete: ${report.tables.length} tables, ${rows.toLocaleString('en')} rows, ` +
        `in ${Date.now() - started} ms. Check the scores with: npm run verify-scores`,
    );
  } finally {
    await target.close();
  }
}

main().catch((error: unknown) => {
  console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error(`Usage: ${USAGE}`);
  process.exit(1);
});
