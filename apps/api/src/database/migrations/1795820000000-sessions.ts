import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions that end when they should: a per-user token version (bumped by a password, role or
 * active change and by "sign out everywhere"), a denylist of single signed-out tokens kept until
 * they expire, and the `competes` flag that says who can be scored.
 */
export class Sessions1795820000000 implements MigrationInterface {
  name = 'Sessions1795820000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "token_version" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "users" ADD "competes" boolean NOT NULL DEFAULT true`);
    // Player-coaches opt in later; until now only reps were meant to be scored.
    await queryRunner.query(`UPDATE "users" SET "competes" = false WHERE "role" <> 'rep'`);
    await queryRunner.query(
      `CREATE TABLE "revoked_tokens" ("jti" uuid NOT NULL, "user_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_revoked_tokens" PRIMARY KEY ("jti"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_revoked_tokens_expires" ON "revoked_tokens" ("expires_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "revoked_tokens" ADD CONSTRAINT "fk_revoked_tokens_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "revoked_tokens" DROP CONSTRAINT "fk_revoked_tokens_user"`,
    );
    await queryRunner.query(`DROP INDEX "public"."idx_revoked_tokens_expires"`);
    await queryRunner.query(`DROP TABLE "revoked_tokens"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "competes"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "token_version"`);
  }
}
