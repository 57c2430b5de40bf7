import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `contest_activity_scores` loses its foreign key to `activities`. It cleaned up nothing the other
 * two do not: activities are never deleted on their own (a voided one stays, and the write path
 * deletes its score rows in the same statement); they go only with their rep or their
 * organisation, whose keys (`fk_contest_activity_scores_user`, and `_contest` through the
 * contest) cascade to the score rows too. What it cost: every re-score of a big contest checked
 * it for each of its rows (a hash join of the contest's rows with the whole log, the largest
 * single step after the log itself), and every scored activity of the write path checked it row
 * by row, locking the activity. A score row of an activity that no longer exists is what
 * `verify-scores` reports ("should not count").
 */
export class ActivityScoreActivityKey1796500000000 implements MigrationInterface {
  name = 'ActivityScoreActivityKey1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "contest_activity_scores" DROP CONSTRAINT IF EXISTS "fk_contest_activity_scores_activity"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "contest_activity_scores" ADD CONSTRAINT "fk_contest_activity_scores_activity"
       FOREIGN KEY ("org_id", "activity_id") REFERENCES "activities" ("org_id", "id") ON DELETE CASCADE`,
    );
  }
}
