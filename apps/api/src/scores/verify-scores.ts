import 'reflect-metadata';
// eslint-disable-next-line no-restricted-imports -- the verify-scores CLI opens its own connection outside Nest and checks every organisation
import { DataSource } from 'typeorm';
import { Transactions } from '../common/transaction';
import { loadConfig } from '../config/app-config';
import { buildDataSourceOptions } from '../database/data-source';
import { openDatabaseTarget } from '../database/database-target';
import { ScoreKeeper } from './score-keeper';
import { ScoreVerifier } from './score-verifier';

/**
 * `npm run verify-scores`: recomputes every kept contest of every organisation from the activity
 * log and prints any difference. Exit code 1 when there is one. Uses DATABASE_URL, else the
 * embedded database of a running `npm start`, else starts the embedded database itself.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const target = await openDatabaseTarget(config);
  const dataSource = await new DataSource(buildDataSourceOptions(target.url)).initialize();
  try {
    const started = Date.now();
    const report = await new ScoreVerifier(
      new Transactions(dataSource),
      new ScoreKeeper(),
    ).verify();
    console.log(
      `Checked ${report.contestsChecked} contests, ${report.participantsChecked} participants and ` +
        `${report.activitiesChecked} scored activities in ${Date.now() - started} ms: ` +
        (report.differences.length === 0
          ? 'no differences.'
          : `${report.differences.length} DIFFERENCES`),
    );
    for (const difference of report.differences) console.log(JSON.stringify(difference));
    process.exitCode = report.differences.length === 0 ? 0 : 1;
  } finally {
    await dataSource.destroy();
    await target.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
