import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A writer never waits for a contest's lock while it holds anything.
 *
 * A full re-score holds its contest's exclusive lock (namespace 7302) and, to swap in a big
 * contest's partition, needs locks on `activities`, `users` and `contests` at its end. A writer
 * used to wait for the contest's shared lock inside its first statement, after inserting (or
 * voiding) its activities: holding `activities`, it waited for the re-score, which waited for it.
 * PostgreSQL did not always break that cycle (seen: writers and the re-score stuck until their
 * statement timeouts). Now the writer only tries each contest's lock; when a re-score holds or
 * waits for one, the statement fails with `lock_not_available` naming the contest, the writer's
 * transaction rolls back (letting go of everything), waits for the contest with
 * `arena_wait_for_contest` outside any transaction, and runs again (`runTransaction`).
 */
export class ContestWriteLocks1796520000000 implements MigrationInterface {
  name = 'ContestWriteLocks1796520000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION arena_try_contest_locks(ids uuid[]) RETURNS bigint
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE contest uuid;
      BEGIN
        FOREACH contest IN ARRAY coalesce(ids, '{}') LOOP
          IF NOT pg_try_advisory_xact_lock_shared(7302, hashtext(contest::text)) THEN
            RAISE EXCEPTION 'contest % is being re-scored', contest
              USING ERRCODE = 'lock_not_available', DETAIL = contest::text,
                HINT = 'arena_contest_busy';
          END IF;
        END LOOP;
        RETURN coalesce(cardinality(ids), 0);
      END $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION arena_wait_for_contest(contest uuid) RETURNS void
      LANGUAGE sql VOLATILE AS $$
        SELECT pg_advisory_xact_lock_shared(7302, hashtext(contest::text))
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION arena_wait_for_contest(uuid)`);
    await queryRunner.query(`DROP FUNCTION arena_try_contest_locks(uuid[])`);
  }
}
