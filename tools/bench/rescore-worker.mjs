// One product path of `npm run bench:rescore`, in a process of its own so that its peak RSS is
// the path's: `node rescore-worker.mjs <database url> <org id> <contest id> clear|rescore|score|verify`.
// Prints one JSON line: { ms, maxRssMb, activityRows?, differences? }.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
require('reflect-metadata');
const { DataSource } = require('typeorm');
const { buildDataSourceOptions } = require('../../apps/api/dist/database/data-source.js');
const { Transactions } = require('../../apps/api/dist/common/transaction.js');
const { ScoreKeeper } = require('../../apps/api/dist/scores/score-keeper.js');
const { ScoreVerifier } = require('../../apps/api/dist/scores/score-verifier.js');

const [url, orgId, contestId, task] = process.argv.slice(2);
const dataSource = await new DataSource(buildDataSourceOptions(url)).initialize();
const transactions = new Transactions(dataSource);
const keeper = new ScoreKeeper();
try {
  const started = performance.now();
  const result = {};
  if (task === 'clear') {
    // What a publish meets: nothing kept, and statistics that say so (as on a fresh database).
    await transactions.run((manager) => keeper.rescorer.clear(manager, contestId));
    await dataSource.query('ANALYZE contest_scores, contest_score_lines');
  } else if (task === 'rescore') {
    await transactions.run((manager) => keeper.rescoreContest(manager, orgId, contestId));
  } else if (task === 'score') {
    // The re-score's read and scoring half alone: the log streamed and every rep scored, nothing written.
    await transactions.run(async (manager) => {
      const [contest] = await keeper.loadContests(manager, orgId, { ids: [contestId] });
      await keeper.rescorer.forEachScore(manager, contest, 'stored', () => undefined);
    });
  } else {
    const report = await new ScoreVerifier(transactions, keeper).verify(orgId);
    result.differences = report.differences.length;
    for (const difference of report.differences.slice(0, 5))
      console.error(JSON.stringify(difference));
  }
  result.ms = performance.now() - started;
  const [{ count }] = await dataSource.query(
    `SELECT count(*)::int AS count FROM contest_activity_scores WHERE contest_id = $1`,
    [contestId],
  );
  result.activityRows = count;
  result.maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify(result));
} finally {
  await dataSource.destroy();
}
// Something the API's modules start keeps the event loop alive after the work; the parent waits
// for this process to exit.
process.stdout.write('', () => process.exit(0));
