import { Injectable, Logger } from '@nestjs/common';
// eslint-disable-next-line no-restricted-imports -- the one place write paths get a transaction from the pool
import { InjectDataSource } from '@nestjs/typeorm';
// eslint-disable-next-line no-restricted-imports -- see above
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { busyContest, databaseFailure } from './database-errors';
import { ServiceUnavailableError } from './errors';

/** Runs of a transaction that met a deadlock or serialisation failure, after the first. */
export const CONFLICT_RETRIES = 6;
/** Waits for contests being re-scored (each followed by a run) before a transaction gives up. */
export const CONTEST_WAITS = 20;
const BACKOFF_BASE_MS = 10;
const BACKOFF_CAP_MS = 400;

const logger = new Logger('Transaction');

export interface TransactionOptions {
  isolation?: IsolationLevel;
}

/**
 * The one way a write path opens a transaction. `work` may run more than once, so it must only
 * touch the database through `manager` and keep its side effects (events, caches) for after this
 * returns — which is also why events are published only after commit, and only once.
 *
 * - A deadlock or serialisation failure (40P01, 40001) rolls back and runs again after a jittered,
 *   growing pause, up to CONFLICT_RETRIES times; then 503 + Retry-After, never a 500.
 * - A dropped connection (57P01, 08xxx, "Connection terminated") before COMMIT was sent runs again
 *   once, on a fresh connection: nothing of the first run was committed. A drop while COMMIT is in
 *   flight is ambiguous (it may have committed), so it answers 503 without a retry; a client
 *   retrying with an externalId is idempotent, so nothing is counted twice.
 * - A writer that meets a contest being re-scored (`busyContest`) rolls back, waits for the
 *   re-score outside any transaction (`arena_wait_for_contest`, holding nothing the re-score could
 *   need), and runs again, up to CONTEST_WAITS times.
 * - A timeout (pool acquire, connect, query) answers 503 at once: retrying would wait again.
 */
export async function runTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  let conflicts = 0;
  let waits = 0;
  let reconnected = false;
  for (;;) {
    const runner = dataSource.createQueryRunner();
    let committing = false;
    try {
      await runner.connect();
      await runner.startTransaction(options.isolation);
      const result = await work(runner.manager);
      committing = true;
      await runner.commitTransaction();
      await runner.release();
      return result;
    } catch (error) {
      const failure = databaseFailure(error);
      await abandon(runner, failure === 'connection' || failure === 'timeout', error);
      const contest = busyContest(error);
      if (contest && waits < CONTEST_WAITS) {
        waits += 1;
        await waitForContest(dataSource, contest);
        continue;
      }
      if (failure === 'conflict') {
        if (conflicts < CONFLICT_RETRIES) {
          conflicts += 1;
          await pause(conflicts);
          continue;
        }
        logger.warn(`Gave up after ${conflicts + 1} runs: ${(error as Error).message}`);
        throw new ServiceUnavailableError(
          'The server is busy with other changes to the same records. Nothing was stored; try again in a moment.',
          1,
        );
      }
      if (failure === 'connection' && !committing && !reconnected) {
        reconnected = true;
        continue;
      }
      if (failure === 'connection' || failure === 'timeout') {
        logger.warn(
          `Database ${failure}${committing ? ' during COMMIT' : ''}: ${(error as Error).message}`,
        );
        throw new ServiceUnavailableError(
          committing
            ? 'The database connection dropped while saving; the change may or may not be stored. Retry the same request (with its externalId) to be sure.'
            : 'The database is unavailable. Nothing was stored; try again shortly.',
          5,
        );
      }
      throw error;
    }
  }
}

/**
 * `runTransaction` on the application's pool, for injection: services take this instead of the
 * raw `DataSource`, and reach tables inside `work` through `OrgScopedRepository.withManager` and
 * `OrgSql.withManager`, so a transaction is scoped like everything else.
 */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return runTransaction(this.dataSource, work, options);
  }
}

/**
 * Waits, on a connection of the pool outside any transaction, until the re-score holding (or
 * queued for) `contestId`'s lock has committed; a wait longer than the statement timeout is a 503.
 */
async function waitForContest(dataSource: DataSource, contestId: string): Promise<void> {
  try {
    await dataSource.query('SELECT arena_wait_for_contest($1)', [contestId]);
  } catch (error) {
    if (!databaseFailure(error)) throw error;
    logger.warn(`Waiting for contest ${contestId}'s re-score: ${(error as Error).message}`);
    throw new ServiceUnavailableError(
      'A contest this change counts in is being re-scored. Nothing was stored; try again in a moment.',
      5,
    );
  }
}

/**
 * Ends a failed run. A healthy connection rolls back and goes back to the pool; a broken or
 * unresponsive one is destroyed without waiting for a ROLLBACK it would never answer (the server
 * rolls back a transaction whose connection is gone).
 */
async function abandon(runner: QueryRunner, broken: boolean, error: unknown): Promise<void> {
  if (broken) {
    // PostgresQueryRunner's release with an error tells pg-pool to discard the client.
    const postgres = runner as unknown as {
      releasePostgresConnection?: (err: Error) => Promise<void>;
    };
    if (postgres.releasePostgresConnection) {
      await postgres.releasePostgresConnection(
        error instanceof Error ? error : new Error(String(error)),
      );
      return;
    }
  } else if (runner.isTransactionActive) {
    await runner.rollbackTransaction().catch(() => undefined);
  }
  await runner.release().catch(() => undefined);
}

/** Full jitter over a doubling window, so the writers that collided do not collide again. */
function pause(attempt: number): Promise<void> {
  const window = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * window));
}
