import { MigrationInterface, QueryRunner } from 'typeorm';

/** The default catalogue as of this migration (frozen: later changes to the defaults do not apply here). */
const DEFAULT_BADGES = [
  {
    key: 'deal_closer',
    name: 'Deal Closer',
    emoji: '🤝',
    color: '#16a34a',
    description: 'Brought a deal home.',
  },
  {
    key: 'call_machine',
    name: 'Call Machine',
    emoji: '📞',
    color: '#2563eb',
    description: 'Picked up the phone, again and again.',
  },
  {
    key: 'door_opener',
    name: 'Door Opener',
    emoji: '🚪',
    color: '#9333ea',
    description: 'Got a meeting nobody else could.',
  },
  {
    key: 'team_player',
    name: 'Team Player',
    emoji: '🤜',
    color: '#ea580c',
    description: 'Made the people around them better.',
  },
  {
    key: 'rising_star',
    name: 'Rising Star',
    emoji: '🌟',
    color: '#eab308',
    description: 'Growing fast.',
  },
  {
    key: 'goal_crusher',
    name: 'Goal Crusher',
    emoji: '🎯',
    color: '#dc2626',
    description: 'Reached the goal.',
  },
  {
    key: 'trailblazer',
    name: 'Trailblazer',
    emoji: '🚀',
    color: '#0891b2',
    description: 'First to a milestone.',
  },
  {
    key: 'on_fire',
    name: 'On Fire',
    emoji: '🔥',
    color: '#f97316',
    description: 'Kept a streak going.',
  },
  {
    key: 'front_runner',
    name: 'Front Runner',
    emoji: '🏃',
    color: '#0d9488',
    description: 'Took the lead.',
  },
  {
    key: 'podium',
    name: 'Podium',
    emoji: '🏆',
    color: '#ca8a04',
    description: 'Finished a contest on the podium.',
  },
];

/** Badges, recognitions (awards, kudos, automatic achievements) and contests' achievements. */
export class Recognition1795790000000 implements MigrationInterface {
  name = 'Recognition1795790000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "badges" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_id" uuid NOT NULL, "key" character varying(40) NOT NULL, "name" character varying(60) NOT NULL, "description" character varying(300) NOT NULL DEFAULT '', "emoji" character varying(16) NOT NULL, "color" character varying(7) NOT NULL, "retired_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_badges_color" CHECK ("color" ~ '^#[0-9a-f]{6}$'), CONSTRAINT "chk_badges_key" CHECK ("key" ~ '^[a-z][a-z0-9_]*$'), CONSTRAINT "pk_badges" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_badges_org_key" ON "badges" ("org_id", "key")`,
    );
    await queryRunner.query(
      `CREATE TABLE "recognitions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "badge_id" uuid, "recipient_user_id" uuid, "recipient_team_id" uuid, "awarded_by" uuid, "contest_id" uuid, "achievement_kind" character varying(20), "achievement_key" character varying(300), "placing" integer, "message" character varying(1000) NOT NULL, "prize" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "retracted_at" TIMESTAMP WITH TIME ZONE, "retracted_by" uuid, "retraction_reason" character varying(500), CONSTRAINT "chk_recognitions_retraction_complete" CHECK (("retracted_at" IS NULL) = ("retraction_reason" IS NULL)), CONSTRAINT "chk_recognitions_kind_fields" CHECK (("kind" = 'kudos' AND "badge_id" IS NULL AND "prize" IS NULL AND "achievement_key" IS NULL) OR ("kind" = 'badge' AND "badge_id" IS NOT NULL AND "achievement_key" IS NULL) OR ("kind" = 'achievement' AND "achievement_key" IS NOT NULL AND "contest_id" IS NOT NULL)), CONSTRAINT "chk_recognitions_one_recipient" CHECK (("recipient_user_id" IS NULL) <> ("recipient_team_id" IS NULL)), CONSTRAINT "chk_recognitions_kind" CHECK ("kind" IN ('badge', 'kudos', 'achievement')), CONSTRAINT "pk_recognitions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_recognitions_active_achievement" ON "recognitions" ("contest_id", "achievement_key") WHERE "achievement_key" IS NOT NULL AND "retracted_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_recognitions_contest" ON "recognitions" ("contest_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_recognitions_recipient_team" ON "recognitions" ("recipient_team_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_recognitions_recipient_user" ON "recognitions" ("recipient_user_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_recognitions_org_created" ON "recognitions" ("org_id", "created_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "contests" ADD "achievements" jsonb NOT NULL DEFAULT '[]'`,
    );
    await queryRunner.query(
      `ALTER TABLE "badges" ADD CONSTRAINT "fk_badges_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "recognitions" ADD CONSTRAINT "fk_recognitions_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "recognitions" ADD CONSTRAINT "fk_recognitions_badge" FOREIGN KEY ("badge_id") REFERENCES "badges"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "recognitions" ADD CONSTRAINT "fk_recognitions_recipient_user" FOREIGN KEY ("recipient_user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "recognitions" ADD CONSTRAINT "fk_recognitions_recipient_team" FOREIGN KEY ("recipient_team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "recognitions" ADD CONSTRAINT "fk_recognitions_awarded_by" FOREIGN KEY ("awarded_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "recognitions" ADD CONSTRAINT "fk_recognitions_contest" FOREIGN KEY ("contest_id") REFERENCES "contests"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "recognitions" ADD CONSTRAINT "fk_recognitions_retracted_by" FOREIGN KEY ("retracted_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    // Every existing organisation gets the default catalogue, as new ones do at sign-up.
    for (const badge of DEFAULT_BADGES) {
      await queryRunner.query(
        `INSERT INTO "badges" (org_id, key, name, description, emoji, color) SELECT id, $1, $2, $3, $4, $5 FROM "organizations"`,
        [badge.key, badge.name, badge.description, badge.emoji, badge.color],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "recognitions" DROP CONSTRAINT "fk_recognitions_retracted_by"`,
    );
    await queryRunner.query(`ALTER TABLE "recognitions" DROP CONSTRAINT "fk_recognitions_contest"`);
    await queryRunner.query(
      `ALTER TABLE "recognitions" DROP CONSTRAINT "fk_recognitions_awarded_by"`,
    );
    await queryRunner.query(
      `ALTER TABLE "recognitions" DROP CONSTRAINT "fk_recognitions_recipient_team"`,
    );
    await queryRunner.query(
      `ALTER TABLE "recognitions" DROP CONSTRAINT "fk_recognitions_recipient_user"`,
    );
    await queryRunner.query(`ALTER TABLE "recognitions" DROP CONSTRAINT "fk_recognitions_badge"`);
    await queryRunner.query(`ALTER TABLE "recognitions" DROP CONSTRAINT "fk_recognitions_org"`);
    await queryRunner.query(`ALTER TABLE "badges" DROP CONSTRAINT "fk_badges_org"`);
    await queryRunner.query(`ALTER TABLE "contests" DROP COLUMN "achievements"`);
    await queryRunner.query(`DROP INDEX "public"."idx_recognitions_org_created"`);
    await queryRunner.query(`DROP INDEX "public"."idx_recognitions_recipient_user"`);
    await queryRunner.query(`DROP INDEX "public"."idx_recognitions_recipient_team"`);
    await queryRunner.query(`DROP INDEX "public"."idx_recognitions_contest"`);
    await queryRunner.query(`DROP INDEX "public"."uq_recognitions_active_achievement"`);
    await queryRunner.query(`DROP TABLE "recognitions"`);
    await queryRunner.query(`DROP INDEX "public"."uq_badges_org_key"`);
    await queryRunner.query(`DROP TABLE "badges"`);
  }
}
