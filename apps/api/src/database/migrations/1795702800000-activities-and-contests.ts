import { MigrationInterface, QueryRunner } from 'typeorm';

/** The activity log, API keys, contests (rules, multipliers, participants) and kept scores. */
export class ActivitiesAndContests1795702800000 implements MigrationInterface {
  name = 'ActivitiesAndContests1795702800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_id" uuid NOT NULL, "name" character varying(80) NOT NULL, "prefix" character varying(24) NOT NULL, "key_hash" character varying(64) NOT NULL, "scopes" text array NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_api_keys" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_api_keys_org" ON "api_keys" ("org_id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_api_keys_key_hash" ON "api_keys" ("key_hash")`,
    );
    await queryRunner.query(
      `CREATE TABLE "activities" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_id" uuid NOT NULL, "user_id" uuid NOT NULL, "activity_type_id" uuid NOT NULL, "quantity" numeric(14,2) NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "source" character varying(16) NOT NULL, "external_id" character varying(200), "note" character varying(500), "recorded_by" uuid, "api_key_id" uuid, "voided_at" TIMESTAMP WITH TIME ZONE, "voided_by" uuid, "void_reason" character varying(500), CONSTRAINT "chk_activities_void_complete" CHECK (("voided_at" IS NULL) = ("void_reason" IS NULL)), CONSTRAINT "chk_activities_source" CHECK ("source" IN ('manual', 'api', 'import', 'webhook')), CONSTRAINT "chk_activities_quantity_positive" CHECK ("quantity" > 0), CONSTRAINT "pk_activities" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_activities_org_occurred" ON "activities" ("org_id", "occurred_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_activities_org_user_occurred" ON "activities" ("org_id", "user_id", "occurred_at")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_activities_org_external_id" ON "activities" ("org_id", "external_id") WHERE "external_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "contest_participants" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contest_id" uuid NOT NULL, "user_id" uuid, "team_id" uuid, CONSTRAINT "chk_contest_participants_one_kind" CHECK (("user_id" IS NULL) <> ("team_id" IS NULL)), CONSTRAINT "pk_contest_participants" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_contest_participants_team" ON "contest_participants" ("team_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_contest_participants_user" ON "contest_participants" ("user_id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_contest_participants_team" ON "contest_participants" ("contest_id", "team_id") WHERE "team_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_contest_participants_user" ON "contest_participants" ("contest_id", "user_id") WHERE "user_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "contest_rules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contest_id" uuid NOT NULL, "activity_type" character varying(40) NOT NULL, "points_per_unit" numeric(14,4) NOT NULL, "daily_cap" numeric(14,2), "total_cap" numeric(14,2), "position" smallint NOT NULL, CONSTRAINT "chk_contest_rules_caps" CHECK (("daily_cap" IS NULL OR "daily_cap" >= 0) AND ("total_cap" IS NULL OR "total_cap" >= 0)), CONSTRAINT "chk_contest_rules_points_positive" CHECK ("points_per_unit" > 0), CONSTRAINT "pk_contest_rules" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_contest_rules_contest_type" ON "contest_rules" ("contest_id", "activity_type")`,
    );
    await queryRunner.query(
      `CREATE TABLE "contests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_id" uuid NOT NULL, "name" character varying(120) NOT NULL, "description" character varying(2000) NOT NULL DEFAULT '', "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "timezone" character varying(64) NOT NULL, "mode" character varying(16) NOT NULL DEFAULT 'individual', "team_aggregation" character varying(16) NOT NULL DEFAULT 'sum', "goal_points" numeric(14,2), "prizes" jsonb NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "archived_at" TIMESTAMP WITH TIME ZONE, "seq" bigint NOT NULL DEFAULT '0', "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_contests_goal_positive" CHECK ("goal_points" IS NULL OR "goal_points" > 0), CONSTRAINT "chk_contests_team_aggregation" CHECK ("team_aggregation" IN ('sum', 'average')), CONSTRAINT "chk_contests_mode" CHECK ("mode" IN ('individual', 'team')), CONSTRAINT "chk_contests_window" CHECK ("ends_at" > "starts_at"), CONSTRAINT "pk_contests" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_contests_org_window" ON "contests" ("org_id", "starts_at", "ends_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "contest_multipliers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contest_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "factor" numeric(10,4) NOT NULL, "activity_types" text array, "position" smallint NOT NULL, CONSTRAINT "chk_contest_multipliers_factor_positive" CHECK ("factor" > 0), CONSTRAINT "chk_contest_multipliers_window" CHECK ("ends_at" > "starts_at"), CONSTRAINT "pk_contest_multipliers" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "contest_activity_scores" ("contest_id" uuid NOT NULL, "activity_id" uuid NOT NULL, "user_id" uuid NOT NULL, "activity_type" character varying(40) NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "local_day" date NOT NULL, "quantity" numeric(14,2) NOT NULL, "counted_units" numeric NOT NULL, "multiplier" numeric NOT NULL, "points" numeric NOT NULL, CONSTRAINT "pk_contest_activity_scores" PRIMARY KEY ("contest_id", "activity_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_contest_activity_scores_activity" ON "contest_activity_scores" ("activity_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_contest_activity_scores_order" ON "contest_activity_scores" ("contest_id", "user_id", "activity_type", "occurred_at", "activity_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_contest_activity_scores_usage" ON "contest_activity_scores" ("contest_id", "user_id", "activity_type", "local_day")`,
    );
    await queryRunner.query(
      `CREATE TABLE "contest_scores" ("contest_id" uuid NOT NULL, "user_id" uuid NOT NULL, "points" numeric NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_contest_scores" PRIMARY KEY ("contest_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_contest_scores_contest_points" ON "contest_scores" ("contest_id", "points")`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "fk_api_keys_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "fk_api_keys_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "activities" ADD CONSTRAINT "fk_activities_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "activities" ADD CONSTRAINT "fk_activities_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "activities" ADD CONSTRAINT "fk_activities_activity_type" FOREIGN KEY ("activity_type_id") REFERENCES "activity_types"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "activities" ADD CONSTRAINT "fk_activities_recorded_by" FOREIGN KEY ("recorded_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "activities" ADD CONSTRAINT "fk_activities_api_key" FOREIGN KEY ("api_key_id") REFERENCES "api_keys"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "activities" ADD CONSTRAINT "fk_activities_voided_by" FOREIGN KEY ("voided_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contest_participants" ADD CONSTRAINT "fk_contest_participants_contest" FOREIGN KEY ("contest_id") REFERENCES "contests"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contest_participants" ADD CONSTRAINT "fk_contest_participants_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contest_participants" ADD CONSTRAINT "fk_contest_participants_team" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contest_rules" ADD CONSTRAINT "fk_contest_rules_contest" FOREIGN KEY ("contest_id") REFERENCES "contests"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contests" ADD CONSTRAINT "fk_contests_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contests" ADD CONSTRAINT "fk_contests_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contest_multipliers" ADD CONSTRAINT "fk_contest_multipliers_contest" FOREIGN KEY ("contest_id") REFERENCES "contests"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contest_activity_scores" ADD CONSTRAINT "fk_contest_activity_scores_contest" FOREIGN KEY ("contest_id") REFERENCES "contests"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contest_activity_scores" ADD CONSTRAINT "fk_contest_activity_scores_activity" FOREIGN KEY ("activity_id") REFERENCES "activities"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contest_activity_scores" ADD CONSTRAINT "fk_contest_activity_scores_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contest_scores" ADD CONSTRAINT "fk_contest_scores_contest" FOREIGN KEY ("contest_id") REFERENCES "contests"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contest_scores" ADD CONSTRAINT "fk_contest_scores_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "contest_activity_scores"`);
    await queryRunner.query(`DROP TABLE "contest_scores"`);
    await queryRunner.query(`DROP TABLE "contest_participants"`);
    await queryRunner.query(`DROP TABLE "contest_multipliers"`);
    await queryRunner.query(`DROP TABLE "contest_rules"`);
    await queryRunner.query(`DROP TABLE "contests"`);
    await queryRunner.query(`DROP TABLE "activities"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
  }
}
