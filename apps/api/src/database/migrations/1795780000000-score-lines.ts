import { MigrationInterface, QueryRunner } from 'typeorm';

/** Kept breakdown lines per (contest, rep, activity type), filled from the scored activities. */
export class ScoreLines1795780000000 implements MigrationInterface {
  name = 'ScoreLines1795780000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "contest_score_lines" ("contest_id" uuid NOT NULL, "user_id" uuid NOT NULL, "activity_type" character varying(40) NOT NULL, "units" numeric NOT NULL, "counted_units" numeric NOT NULL, "points" numeric NOT NULL, CONSTRAINT "pk_contest_score_lines" PRIMARY KEY ("contest_id", "user_id", "activity_type"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "contest_score_lines" ADD CONSTRAINT "fk_contest_score_lines_contest" FOREIGN KEY ("contest_id") REFERENCES "contests"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contest_score_lines" ADD CONSTRAINT "fk_contest_score_lines_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `INSERT INTO "contest_score_lines" (contest_id, user_id, activity_type, units, counted_units, points)
       SELECT contest_id, user_id, activity_type, sum(quantity), sum(counted_units), sum(points)
       FROM "contest_activity_scores" GROUP BY contest_id, user_id, activity_type`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "contest_score_lines"`);
  }
}
