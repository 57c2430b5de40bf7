import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk import (issue 14): a user may be created without a password — invited — and set one with
 * a one-time link. `password_hash` becomes nullable (no hash: no password signs in), and each
 * open invitation is a row keyed by its user, holding the SHA-256 of its token.
 */
export class UserInvitations1795880000000 implements MigrationInterface {
  name = 'UserInvitations1795880000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL`);
    await queryRunner.query(
      `CREATE TABLE "user_invitations" ("user_id" uuid NOT NULL, "org_id" uuid NOT NULL, "token_hash" bytea NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_user_invitations" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_user_invitations_token" ON "user_invitations" ("token_hash")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_user_invitations_org" ON "user_invitations" ("org_id")`,
    );
    // Like every child of a user (OrgChildKeys): the key is (org_id, user_id).
    await queryRunner.query(
      `ALTER TABLE "user_invitations" ADD CONSTRAINT "fk_user_invitations_user" FOREIGN KEY ("org_id", "user_id") REFERENCES "users"("org_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "user_invitations"`);
    // Invited users who never accepted get a hash that matches no password.
    await queryRunner.query(
      `UPDATE "users" SET "password_hash" = 'invited' WHERE "password_hash" IS NULL`,
    );
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "password_hash" SET NOT NULL`);
  }
}
