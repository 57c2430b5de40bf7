import { DataSource } from 'typeorm';
import { withEmptyDatabase } from '../../test/test-app';
import { DEFAULT_DATABASE_LIMITS, type DatabaseLimits } from '../config/app-config';
import { buildDataSourceOptions } from '../database/data-source';
import { ServiceUnavailableError } from './errors';
import { CONFLICT_RETRIES, runTransaction } from './transaction';

/** runTransaction against a real PostgreSQL: failures are raised by the server itself. */
describe('runTransaction', () => {
  const withDataSource = (fn: (dataSource: DataSource) => Promise<void>, limits?: DatabaseLimits) =>
    withEmptyDatabase(async (url) => {
      const dataSource = await new DataSource(buildDataSourceOptions(url, limits)).initialize();
      try {
        await dataSource.query('CREATE TABLE marks (id int PRIMARY KEY)');
        await fn(dataSource);
      } finally {
        await dataSource.destroy();
      }
    });
  const raise = (code: string) =>
    `DO $$ BEGIN RAISE EXCEPTION 'injected' USING ERRCODE = '${code}'; END $$`;
  const marks = async (dataSource: DataSource) =>
    (await dataSource.query('SELECT id FROM marks ORDER BY id')).map((r: { id: number }) => r.id);

  it('runs again after deadlocks and serialisation failures, committing once', async () => {
    await withDataSource(async (dataSource) => {
      let runs = 0;
      const result = await runTransaction(dataSource, async (manager) => {
        runs += 1;
        await manager.query('INSERT INTO marks VALUES (1)');
        if (runs === 1) await manager.query(raise('40P01'));
        if (runs === 2) await manager.query(raise('40001'));
        return 'done';
      });
      expect({ result, runs }).toEqual({ result: 'done', runs: 3 });
      expect(await marks(dataSource)).toEqual([1]);
    });
  });

  it('answers 503 with Retry-After once the retry budget runs out', async () => {
    await withDataSource(async (dataSource) => {
      let runs = 0;
      const attempt = runTransaction(dataSource, async (manager) => {
        runs += 1;
        await manager.query(raise('40P01'));
      });
      await expect(attempt).rejects.toBeInstanceOf(ServiceUnavailableError);
      await expect(attempt).rejects.toMatchObject({ status: 503, retryAfterSeconds: 1 });
      expect(runs).toBe(CONFLICT_RETRIES + 1);
    });
  });

  it('runs once more on a fresh connection when the connection drops before COMMIT', async () => {
    await withDataSource(async (dataSource) => {
      const pids: number[] = [];
      await runTransaction(dataSource, async (manager) => {
        const [{ pid }] = await manager.query('SELECT pg_backend_pid() AS pid');
        pids.push(pid);
        await manager.query('INSERT INTO marks VALUES (2)');
        if (pids.length === 1) await manager.query('SELECT pg_terminate_backend(pg_backend_pid())');
      });
      expect(pids).toHaveLength(2);
      expect(pids[1]).not.toBe(pids[0]);
      expect(await marks(dataSource)).toEqual([2]);
      // The broken connection was discarded, not handed to the next caller.
      await expect(dataSource.query('SELECT 1 AS ok')).resolves.toEqual([{ ok: 1 }]);
    });
  });

  it('does not run again when the connection drops during COMMIT (it may have committed): 503', async () => {
    await withDataSource(async (dataSource) => {
      // A deferred constraint trigger runs inside COMMIT: it kills its own connection there.
      await dataSource.query(`
        CREATE FUNCTION die_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$;
        CREATE CONSTRAINT TRIGGER marks_die_at_commit AFTER INSERT ON marks
          DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.id = 666) EXECUTE FUNCTION die_at_commit();
      `);
      let runs = 0;
      const attempt = runTransaction(dataSource, async (manager) => {
        runs += 1;
        await manager.query('INSERT INTO marks VALUES (666)');
      });
      await expect(attempt).rejects.toMatchObject({ status: 503, retryAfterSeconds: 5 });
      await expect(attempt).rejects.toThrow(/may or may not be stored/);
      expect(runs).toBe(1);
    });
  });

  it('passes other errors through untouched, after rolling back', async () => {
    await withDataSource(async (dataSource) => {
      let runs = 0;
      const attempt = runTransaction(dataSource, async (manager) => {
        runs += 1;
        await manager.query('INSERT INTO marks VALUES (3)');
        await manager.query('INSERT INTO marks VALUES (3)');
      });
      await expect(attempt).rejects.toThrow(/duplicate key/);
      expect(runs).toBe(1);
      expect(await marks(dataSource)).toEqual([]);
    });
  });

  it("applies the server-side limits to the app's sessions, and a statement over them answers 503 at once", async () => {
    await withDataSource(
      async (dataSource) => {
        const [statement] = await dataSource.query('SHOW statement_timeout');
        const [idle] = await dataSource.query('SHOW idle_in_transaction_session_timeout');
        expect([statement.statement_timeout, idle.idle_in_transaction_session_timeout]).toEqual([
          '300ms',
          '4s',
        ]);
        let runs = 0;
        const attempt = runTransaction(dataSource, async (manager) => {
          runs += 1;
          await manager.query('SELECT pg_sleep(2)');
        });
        await expect(attempt).rejects.toMatchObject({ status: 503, retryAfterSeconds: 5 });
        expect(runs).toBe(1);
      },
      { ...DEFAULT_DATABASE_LIMITS, statementTimeoutMs: 300, idleInTransactionTimeoutMs: 4000 },
    );
  });
});
