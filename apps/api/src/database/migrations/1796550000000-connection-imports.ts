import { MigrationInterface, QueryRunner } from 'typeorm';

/** CSV files of activities, kept until imported, with each import's progress (issue 15). */
export class ConnectionImports1796550000000 implements MigrationInterface {
  name = 'ConnectionImports1796550000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "connection_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_id" uuid NOT NULL, "connection_id" uuid NOT NULL, "file_name" character varying(200), "status" character varying(16) NOT NULL DEFAULT 'queued', "content" text NOT NULL, "rows" integer NOT NULL, "processed" integer NOT NULL DEFAULT '0', "recorded" integer NOT NULL DEFAULT '0', "unmatched" integer NOT NULL DEFAULT '0', "error" character varying(2000), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "chk_connection_imports_status" CHECK ("status" IN ('queued', 'importing', 'done', 'failed')), CONSTRAINT "pk_connection_imports" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_connection_imports_org_connection_created" ON "connection_imports" ("org_id", "connection_id", "created_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "connection_imports" ADD CONSTRAINT "fk_connection_imports_org" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "connection_imports" ADD CONSTRAINT "fk_connection_imports_connection" FOREIGN KEY ("org_id", "connection_id") REFERENCES "connections"("org_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "connection_imports"`);
  }
}
