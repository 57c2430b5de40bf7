import PgBoss from 'pg-boss';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** The schema pg-boss keeps its queues in (apart from Arena's tables). */
export const JOB_SCHEMA = 'pgboss';

/**
 * The durable job queue (pg-boss 10.4.2, its schema version 24) is installed by a migration like
 * the rest of the schema, so the app starts pg-boss with `migrate: false` and never runs DDL at
 * boot (two instances starting at once). Upgrading pg-boss to a new schema version takes a new
 * migration running its `getMigrationPlans(JOB_SCHEMA, 24)` the same way.
 */
export class JobQueue1796530000000 implements MigrationInterface {
  name = 'JobQueue1796530000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(inMigration(PgBoss.getConstructionPlans(JOB_SCHEMA)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA ${JOB_SCHEMA} CASCADE`);
  }
}

/**
 * pg-boss wraps its plans in their own transaction (BEGIN, session-local timeouts, COMMIT); a
 * migration already runs in one, whose COMMIT must stay the migration runner's.
 */
function inMigration(plan: string): string {
  const body = plan
    .replace(/^\s*BEGIN;/, '')
    .replace(/COMMIT;\s*$/, '')
    .replace(/^\s*SET LOCAL [^;]+;$/gm, '');
  if (/\b(BEGIN|COMMIT|SET LOCAL)\b/.test(body.replace(/\$\$[\s\S]*?\$\$/g, '')))
    throw new Error('pg-boss construction plan has an unexpected transaction shape');
  return body;
}
