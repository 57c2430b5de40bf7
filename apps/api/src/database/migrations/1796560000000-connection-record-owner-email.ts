import { MigrationInterface, QueryRunner } from 'typeorm';

/** The owner's email as the CRM gave it, kept with a record keyed by CRM user id (issue 15). */
export class ConnectionRecordOwnerEmail1796560000000 implements MigrationInterface {
  name = 'ConnectionRecordOwnerEmail1796560000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "connection_records" ADD "owner_email" character varying(320)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "connection_records" DROP COLUMN "owner_email"`);
  }
}
