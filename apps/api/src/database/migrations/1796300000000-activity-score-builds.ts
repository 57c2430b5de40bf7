import { MigrationInterface, QueryRunner } from 'typeorm';

/** Where a big contest's activity scores are built before they become its partition. */
export const BUILD_SCHEMA = 'arena_build';

/**
 * A schema of its own for the tables a full re-score builds (ContestRescorer): a big contest's
 * activity rows are COPYed into a bare table there and indexed on connections of their own,
 * committed before the re-score's transaction moves the table into the public schema and
 * attaches it as the contest's partition. Outside `public`, a table being built (or one left by
 * a crash, dropped by the contest's next re-score) is never read, backed up or restored as one of
 * Arena's tables.
 */
export class ActivityScoreBuilds1796300000000 implements MigrationInterface {
  name = 'ActivityScoreBuilds1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS "${BUILD_SCHEMA}"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA IF EXISTS "${BUILD_SCHEMA}" CASCADE`);
  }
}
