import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data in (issue 15): connections (a CRM, a webhook sender, CSV uploads) with sealed
 * credentials, the deliveries they received, what each mapping rule made of each CRM record, and
 * the links from CRM owners to reps. Children reference their connection and rep by
 * `(org_id, x_id)`, so no row can name another organisation's connection or rep.
 */
export class Connections1796540000000 implements MigrationInterface {
  name = 'Connections1796540000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "connections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_id" uuid NOT NULL, "name" character varying(80) NOT NULL, "kind" character varying(16) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'active', "mapping" jsonb NOT NULL, "settings" jsonb NOT NULL DEFAULT '{}', "credentials" text, "credential_names" text array NOT NULL DEFAULT '{}', "webhook_token" character varying(64) NOT NULL, "cursor" jsonb NOT NULL DEFAULT '{}', "last_received_at" TIMESTAMP WITH TIME ZONE, "last_scored_at" TIMESTAMP WITH TIME ZONE, "last_error" character varying(1000), "last_error_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_connections_org_id" UNIQUE ("org_id", "id"), CONSTRAINT "chk_connections_status" CHECK ("status" IN ('active', 'paused')), CONSTRAINT "chk_connections_kind" CHECK ("kind" IN ('hubspot', 'pipedrive', 'salesforce', 'webhook', 'csv')), CONSTRAINT "pk_connections" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_connections_webhook_token" ON "connections" ("webhook_token")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_connections_org" ON "connections" ("org_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "connection_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "org_id" uuid NOT NULL, "connection_id" uuid NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "status" character varying(16) NOT NULL DEFAULT 'queued', "attempts" integer NOT NULL DEFAULT '0', "error" character varying(2000), "processed_at" TIMESTAMP WITH TIME ZONE, "body" jsonb NOT NULL, "records" integer NOT NULL DEFAULT '0', "recorded" integer NOT NULL DEFAULT '0', "voided" integer NOT NULL DEFAULT '0', "unmatched" integer NOT NULL DEFAULT '0', "ignored" integer NOT NULL DEFAULT '0', CONSTRAINT "chk_connection_deliveries_status" CHECK ("status" IN ('queued', 'processed', 'failed')), CONSTRAINT "pk_connection_deliveries" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_connection_deliveries_org_connection_received" ON "connection_deliveries" ("org_id", "connection_id", "received_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "connection_owner_links" ("org_id" uuid NOT NULL, "connection_id" uuid NOT NULL, "owner_key" character varying(330) NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_connection_owner_links" PRIMARY KEY ("org_id", "connection_id", "owner_key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "connection_records" ("org_id" uuid NOT NULL, "connection_id" uuid NOT NULL, "rule_id" character varying(40) NOT NULL, "record_id" character varying(200) NOT NULL, "state" character varying(16) NOT NULL, "activity_id" uuid, "fingerprint" character varying(64), "owner_key" character varying(330), "activity_type" character varying(60), "quantity" numeric(14,2), "occurred_at" TIMESTAMP WITH TIME ZONE, "revision" integer NOT NULL DEFAULT '0', "modified_at" TIMESTAMP WITH TIME ZONE, "reason" character varying(500), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_connection_records_state" CHECK ("state" IN ('counted', 'unmatched', 'not_matching')), CONSTRAINT "pk_connection_records" PRIMARY KEY ("org_id", "connection_id", "rule_id", "record_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_connection_records_org_unmatched" ON "connection_records" ("org_id", "connection_id", "owner_key") WHERE "state" = 'unmatched'`,
    );
    const keys: Array<[string, string, string, string, string]> = [
      ['connections', 'fk_connections_org', '"org_id"', 'organizations("id")', 'CASCADE'],
      ['connections', 'fk_connections_created_by', '"created_by"', 'users("id")', 'SET NULL'],
      [
        'connection_deliveries',
        'fk_connection_deliveries_org',
        '"org_id"',
        'organizations("id")',
        'CASCADE',
      ],
      [
        'connection_deliveries',
        'fk_connection_deliveries_connection',
        '"org_id", "connection_id"',
        'connections("org_id", "id")',
        'CASCADE',
      ],
      [
        'connection_owner_links',
        'fk_connection_owner_links_org',
        '"org_id"',
        'organizations("id")',
        'CASCADE',
      ],
      [
        'connection_owner_links',
        'fk_connection_owner_links_connection',
        '"org_id", "connection_id"',
        'connections("org_id", "id")',
        'CASCADE',
      ],
      [
        'connection_owner_links',
        'fk_connection_owner_links_user',
        '"org_id", "user_id"',
        'users("org_id", "id")',
        'CASCADE',
      ],
      [
        'connection_records',
        'fk_connection_records_org',
        '"org_id"',
        'organizations("id")',
        'CASCADE',
      ],
      [
        'connection_records',
        'fk_connection_records_connection',
        '"org_id", "connection_id"',
        'connections("org_id", "id")',
        'CASCADE',
      ],
    ];
    for (const [table, name, columns, parent, onDelete] of keys)
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY (${columns}) REFERENCES ${parent} ON DELETE ${onDelete} ON UPDATE NO ACTION`,
      );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "connection_records"`);
    await queryRunner.query(`DROP TABLE "connection_owner_links"`);
    await queryRunner.query(`DROP TABLE "connection_deliveries"`);
    await queryRunner.query(`DROP TABLE "connections"`);
  }
}
