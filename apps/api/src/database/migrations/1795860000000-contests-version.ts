import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contest definitions are cached per instance (scores/contest-catalog.ts). `contests_version`
 * names the organisation's current set of definitions: every change to a contest, its rules,
 * multipliers or participants bumps it in the same transaction, under the organisation's
 * exclusive advisory lock.
 *
 * `arena_lock_for_activity_writes(org, seen)` takes that lock in shared mode and reads the version
 * again after it is granted. A volatile function's statements take a fresh snapshot (READ
 * COMMITTED), so it sees a contest change that committed while the lock was awaited; when that
 * version is not `seen` (read by the calling statement, at its start) the statement's other reads
 * of contests and participants may be stale, and it fails with serialization_failure — the
 * transaction runs again (common/transaction.ts). That lets one statement take the lock, insert
 * activities and match them to contests. (`OR REPLACE`: `restore --replace` drops tables, not
 * functions, before it migrates the emptied database.)
 */
export class ContestsVersion1795860000000 implements MigrationInterface {
  name = 'ContestsVersion1795860000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "organizations" ADD "contests_version" bigint NOT NULL DEFAULT 0`,
    );
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION arena_lock_for_activity_writes(org uuid, seen bigint) RETURNS bigint
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE current_version bigint;
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(7301, hashtext(org::text));
        SELECT contests_version INTO current_version FROM organizations WHERE id = org;
        IF current_version IS DISTINCT FROM seen THEN
          RAISE EXCEPTION 'contest definitions changed while waiting for the organisation lock'
            USING ERRCODE = 'serialization_failure';
        END IF;
        RETURN current_version;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION arena_lock_for_activity_writes(uuid, bigint)`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP COLUMN "contests_version"`);
  }
}
