import { MigrationInterface, QueryRunner } from 'typeorm';

/** TV displays: a playlist, a rotation, and the hash of a revocable token. */
export class Displays1795810000000 implements MigrationInterface {
  name = 'Displays1795810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "displays" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_id" uuid NOT NULL, "name" character varying(80) NOT NULL, "playlist" jsonb NOT NULL, "rotation_seconds" integer NOT NULL DEFAULT '20', "token_prefix" character varying(16) NOT NULL, "token_hash" character varying(64) NOT NULL, "created_by" uuid, "last_seen_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_displays_rotation" CHECK ("rotation_seconds" BETWEEN 5 AND 3600), CONSTRAINT "pk_displays" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_displays_org" ON "displays" ("org_id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_displays_token_hash" ON "displays" ("token_hash")`,
    );
    await queryRunner.query(
      `ALTER TABLE "displays" ADD CONSTRAINT "fk_displays_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "displays" ADD CONSTRAINT "fk_displays_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "displays" DROP CONSTRAINT "fk_displays_created_by"`);
    await queryRunner.query(`ALTER TABLE "displays" DROP CONSTRAINT "fk_displays_org"`);
    await queryRunner.query(`DROP INDEX "public"."uq_displays_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."idx_displays_org"`);
    await queryRunner.query(`DROP TABLE "displays"`);
  }
}
