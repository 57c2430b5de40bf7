import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `contest_activity_scores` keeps one row per scored activity per contest — a million for a big
 * contest — and a full re-score writes them all, so every index on it is paid per row. Two of its
 * four indexes duplicated the others: `idx_…_usage (contest, user, type, local_day)` is a prefix
 * scan of `idx_…_order (contest, user, type, occurred_at, activity_id)` for the cap-usage sums
 * (which read all of a rep's rows of the type anyway), and `idx_…_activity (activity_id)` is the
 * primary key once it is `(org_id, activity_id, contest_id)`: it still identifies a row, serves
 * "where did this activity count" (voids, which know the organisation) and the upserts'
 * `ON CONFLICT (org_id, activity_id, contest_id)`, and stays led by the organisation.
 */
export class ActivityScoreKeys1795870000000 implements MigrationInterface {
  name = 'ActivityScoreKeys1795870000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_contest_activity_scores_usage"`);
    await queryRunner.query(
      `ALTER TABLE "contest_activity_scores" DROP CONSTRAINT "pk_contest_activity_scores", ADD CONSTRAINT "pk_contest_activity_scores" PRIMARY KEY ("org_id", "activity_id", "contest_id")`,
    );
    await queryRunner.query(`DROP INDEX "idx_contest_activity_scores_activity"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_contest_activity_scores_activity" ON "contest_activity_scores" ("activity_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "contest_activity_scores" DROP CONSTRAINT "pk_contest_activity_scores", ADD CONSTRAINT "pk_contest_activity_scores" PRIMARY KEY ("contest_id", "activity_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_contest_activity_scores_usage" ON "contest_activity_scores" ("contest_id", "user_id", "activity_type", "local_day")`,
    );
  }
}
