import { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisations, users, teams and the activity-type catalogue. */
export class Identity1795701671155 implements MigrationInterface {
  name = 'Identity1795701671155';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "organizations" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" character varying(120) NOT NULL,
        "timezone" character varying(64) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_organizations" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "teams" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "org_id" uuid NOT NULL,
        "name" character varying(80) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_teams" PRIMARY KEY ("id"),
        CONSTRAINT "fk_teams_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_teams_org_name" ON "teams" ("org_id", "name")`,
    );
    await queryRunner.query(`
      CREATE TABLE "users" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "org_id" uuid NOT NULL,
        "email" character varying(254) NOT NULL,
        "name" character varying(120) NOT NULL,
        "role" character varying(16) NOT NULL,
        "team_id" uuid,
        "active" boolean NOT NULL DEFAULT true,
        "password_hash" character varying(255) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_users" PRIMARY KEY ("id"),
        CONSTRAINT "chk_users_email_lower" CHECK ("email" = lower("email")),
        CONSTRAINT "chk_users_role" CHECK ("role" IN ('admin', 'manager', 'rep')),
        CONSTRAINT "fk_users_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT "fk_users_team" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE SET NULL ON UPDATE NO ACTION
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_email" ON "users" ("email")`);
    await queryRunner.query(`CREATE INDEX "idx_users_org_role" ON "users" ("org_id", "role")`);
    await queryRunner.query(`CREATE INDEX "idx_users_team" ON "users" ("team_id")`);
    await queryRunner.query(`
      CREATE TABLE "activity_types" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "org_id" uuid NOT NULL,
        "key" character varying(40) NOT NULL,
        "label" character varying(80) NOT NULL,
        "category" character varying(16) NOT NULL,
        "unit" character varying(16) NOT NULL,
        "active" boolean NOT NULL DEFAULT true,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_activity_types" PRIMARY KEY ("id"),
        CONSTRAINT "chk_activity_types_key" CHECK ("key" ~ '^[a-z][a-z0-9_]{0,39}$'),
        CONSTRAINT "chk_activity_types_category" CHECK ("category" IN ('activity', 'outcome')),
        CONSTRAINT "chk_activity_types_unit" CHECK ("unit" IN ('count', 'currency', 'minutes')),
        CONSTRAINT "fk_activity_types_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_activity_types_org_key" ON "activity_types" ("org_id", "key")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "activity_types"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "teams"`);
    await queryRunner.query(`DROP TABLE "organizations"`);
  }
}
