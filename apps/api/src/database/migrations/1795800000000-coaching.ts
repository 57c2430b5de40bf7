import { MigrationInterface, QueryRunner } from 'typeorm';

/** The default behaviours as of this migration (frozen). */
const DEFAULT_BEHAVIOURS = [
  ['Opens with a clear agenda', 'States the purpose and the outcome of the call up front.'],
  ['Asks discovery questions', 'Finds the pain before pitching.'],
  ['Handles objections', 'Acknowledges, explores and answers without arguing.'],
  ['Agrees next steps', 'Every conversation ends with a dated next step.'],
  ['Keeps the CRM current', 'Logs activities and updates deals the same day.'],
];

/** Behaviours, assessments (start and end of a contest) and coaching notes. */
export class Coaching1795800000000 implements MigrationInterface {
  name = 'Coaching1795800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "assessments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_id" uuid NOT NULL, "user_id" uuid NOT NULL, "contest_id" uuid NOT NULL, "phase" character varying(8) NOT NULL, "assessed_by" uuid, "ratings" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_assessments_phase" CHECK ("phase" IN ('start', 'end')), CONSTRAINT "pk_assessments" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_assessments_org_user" ON "assessments" ("org_id", "user_id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_assessments_rep_contest_phase" ON "assessments" ("user_id", "contest_id", "phase")`,
    );
    await queryRunner.query(
      `CREATE TABLE "behaviours" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_id" uuid NOT NULL, "name" character varying(120) NOT NULL, "description" character varying(500) NOT NULL DEFAULT '', "retired_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_behaviours" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_behaviours_org_name" ON "behaviours" ("org_id", "name")`,
    );
    await queryRunner.query(
      `CREATE TABLE "coaching_notes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_id" uuid NOT NULL, "user_id" uuid NOT NULL, "author_id" uuid, "body" character varying(4000) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_coaching_notes" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_coaching_notes_org_user_created" ON "coaching_notes" ("org_id", "user_id", "created_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessments" ADD CONSTRAINT "fk_assessments_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessments" ADD CONSTRAINT "fk_assessments_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessments" ADD CONSTRAINT "fk_assessments_contest" FOREIGN KEY ("contest_id") REFERENCES "contests"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assessments" ADD CONSTRAINT "fk_assessments_assessed_by" FOREIGN KEY ("assessed_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "behaviours" ADD CONSTRAINT "fk_behaviours_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "coaching_notes" ADD CONSTRAINT "fk_coaching_notes_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "coaching_notes" ADD CONSTRAINT "fk_coaching_notes_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "coaching_notes" ADD CONSTRAINT "fk_coaching_notes_author" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    for (const [name, description] of DEFAULT_BEHAVIOURS) {
      await queryRunner.query(
        `INSERT INTO "behaviours" (org_id, name, description) SELECT id, $1, $2 FROM "organizations"`,
        [name, description],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "coaching_notes" DROP CONSTRAINT "fk_coaching_notes_author"`,
    );
    await queryRunner.query(
      `ALTER TABLE "coaching_notes" DROP CONSTRAINT "fk_coaching_notes_user"`,
    );
    await queryRunner.query(`ALTER TABLE "coaching_notes" DROP CONSTRAINT "fk_coaching_notes_org"`);
    await queryRunner.query(`ALTER TABLE "behaviours" DROP CONSTRAINT "fk_behaviours_org"`);
    await queryRunner.query(
      `ALTER TABLE "assessments" DROP CONSTRAINT "fk_assessments_assessed_by"`,
    );
    await queryRunner.query(`ALTER TABLE "assessments" DROP CONSTRAINT "fk_assessments_contest"`);
    await queryRunner.query(`ALTER TABLE "assessments" DROP CONSTRAINT "fk_assessments_user"`);
    await queryRunner.query(`ALTER TABLE "assessments" DROP CONSTRAINT "fk_assessments_org"`);
    await queryRunner.query(`DROP INDEX "public"."idx_coaching_notes_org_user_created"`);
    await queryRunner.query(`DROP TABLE "coaching_notes"`);
    await queryRunner.query(`DROP INDEX "public"."uq_behaviours_org_name"`);
    await queryRunner.query(`DROP TABLE "behaviours"`);
    await queryRunner.query(`DROP INDEX "public"."uq_assessments_rep_contest_phase"`);
    await queryRunner.query(`DROP INDEX "public"."idx_assessments_org_user"`);
    await queryRunner.query(`DROP TABLE "assessments"`);
  }
}
