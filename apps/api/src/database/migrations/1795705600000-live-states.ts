import { MigrationInterface, QueryRunner } from 'typeorm';

/** Live leaderboard numbering moves from contests.seq to its own row with the last broadcast. */
export class LiveStates1795705600000 implements MigrationInterface {
  name = 'LiveStates1795705600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "contest_live_states" (
        "contest_id" uuid NOT NULL,
        "seq" bigint NOT NULL,
        "entries" jsonb NOT NULL,
        "announced_status" character varying(16),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_contest_live_states" PRIMARY KEY ("contest_id"),
        CONSTRAINT "fk_contest_live_states_contest" FOREIGN KEY ("contest_id") REFERENCES "contests"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
    await queryRunner.query(`ALTER TABLE "contests" DROP COLUMN "seq"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "contests" ADD "seq" bigint NOT NULL DEFAULT '0'`);
    await queryRunner.query(`DROP TABLE "contest_live_states"`);
  }
}
