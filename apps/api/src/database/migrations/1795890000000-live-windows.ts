import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live updates cost what changed, not the board (issue 14): `contest_live_states` keeps only the
 * top of the last broadcast (at most 100 entries) and the board's size, and `contest_live_points`
 * each participant's points and goal as last broadcast — what a flush compares the changed
 * entries with, one row each, instead of re-reading the whole board.
 */
export class LiveWindows1795890000000 implements MigrationInterface {
  name = 'LiveWindows1795890000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "contest_live_points" (
        "contest_id" uuid NOT NULL,
        "participant_id" uuid NOT NULL,
        "org_id" uuid NOT NULL,
        "points" numeric NOT NULL,
        "goal_reached" boolean NOT NULL,
        CONSTRAINT "pk_contest_live_points" PRIMARY KEY ("contest_id", "participant_id"),
        CONSTRAINT "fk_contest_live_points_contest" FOREIGN KEY ("org_id", "contest_id") REFERENCES "contests"("org_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
    // What was broadcast so far: every entry of the boards kept whole until now.
    await queryRunner.query(`
      INSERT INTO "contest_live_points" ("contest_id", "participant_id", "org_id", "points", "goal_reached")
      SELECT s."contest_id", (e->'participant'->>'id')::uuid, s."org_id", (e->>'points')::numeric, (e->>'goalReached')::boolean
      FROM "contest_live_states" s JOIN "contests" c ON c."id" = s."contest_id"
      CROSS JOIN LATERAL jsonb_array_elements(s."entries") AS e
      WHERE c."mode" = 'individual' AND (e->>'points')::numeric <> 0
      ON CONFLICT DO NOTHING`);
    await queryRunner.query(
      `ALTER TABLE "contest_live_states" ADD "total" integer NOT NULL DEFAULT 0`,
    );
    await queryRunner.query(`
      UPDATE "contest_live_states" SET
        "total" = jsonb_array_length("entries"),
        "entries" = (SELECT coalesce(jsonb_agg(e ORDER BY i), '[]'::jsonb)
                     FROM jsonb_array_elements("entries") WITH ORDINALITY AS x(e, i) WHERE i <= 100)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "contest_live_points"`);
    await queryRunner.query(`ALTER TABLE "contest_live_states" DROP COLUMN "total"`);
  }
}
