import request from 'supertest';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, runMigrations } from '../src/database/data-source';
import { MIGRATIONS } from '../src/database/migrations';
import { startTestApp, testDatabaseUrl, withEmptyDatabase } from './test-app';

describe('database schema', () => {
  it('migrates an empty database, is idempotent, and reverts cleanly', async () => {
    await withEmptyDatabase(async (url) => {
      expect(await runMigrations(url)).toEqual(MIGRATIONS.map((migration) => migration.name));
      expect(await runMigrations(url)).toEqual([]);

      const dataSource = await new DataSource(buildDataSourceOptions(url)).initialize();
      try {
        for (let i = 0; i < MIGRATIONS.length; i++)
          await dataSource.undoLastMigration({ transaction: 'each' });
        const tables = await dataSource.query(
          // TypeORM's own bookkeeping: the migrations run, and the expressions of generated columns.
          `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ('migrations', 'typeorm_metadata')`,
        );
        expect(tables).toEqual([]);
      } finally {
        await dataSource.destroy();
      }
      expect(await runMigrations(url)).toHaveLength(MIGRATIONS.length);
    });
  });

  it('has no drift between the entities and the migrations', async () => {
    // What `typeorm migration:generate --check` does: the schema diff must be empty.
    const dataSource = await new DataSource(buildDataSourceOptions(testDatabaseUrl())).initialize();
    try {
      const diff = await dataSource.driver.createSchemaBuilder().log();
      expect(diff.upQueries.map((query) => query.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('leads every index of organisation data with org_id or contest_id (distributable by organisation)', async () => {
    const dataSource = await new DataSource(buildDataSourceOptions(testDatabaseUrl())).initialize();
    try {
      const rows: Array<{ table: string; index: string; lead: string }> = await dataSource.query(
        `SELECT t.relname AS "table", i.relname AS "index", a.attname AS lead
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
         WHERE EXISTS (SELECT 1 FROM pg_attribute o WHERE o.attrelid = t.oid AND o.attname = 'org_id' AND NOT o.attisdropped)
         ORDER BY 1, 2`,
      );
      // Primary keys on a uuid `id` are unique on their own; the secret-hash and e-mail lookups
      // (and the invitation token's, and a webhook's token) happen before any organisation is known (docs/architecture.md, "Past one machine").
      const global = new Set([
        'pk_activities',
        'pk_activity_types',
        'pk_api_keys',
        'pk_assessments',
        'pk_badges',
        'pk_behaviours',
        'pk_coaching_notes',
        'pk_contest_multipliers',
        'pk_contest_participants',
        'pk_contest_rules',
        'pk_contests',
        'pk_displays',
        'pk_recognitions',
        'pk_teams',
        'pk_users',
        'uq_api_keys_key_hash',
        'uq_displays_token_hash',
        'uq_users_email',
        'pk_revoked_tokens',
        'idx_revoked_tokens_expires',
        'pk_user_invitations',
        'uq_user_invitations_token',
        'pk_connections',
        'pk_connection_deliveries',
        'pk_connection_imports',
        'uq_connections_webhook_token',
      ]);
      const offenders = rows
        .filter((row) => !['org_id', 'contest_id'].includes(row.lead) && !global.has(row.index))
        .map((row) => `${row.table}.${row.index} (led by ${row.lead})`);
      expect(offenders).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('enforces its invariants in the schema, not only in the service', async () => {
    const dataSource = await new DataSource(buildDataSourceOptions(testDatabaseUrl())).initialize();
    try {
      const [org] = await dataSource.query(
        `INSERT INTO organizations (name, timezone) VALUES ('Schema', 'UTC') RETURNING id`,
      );
      const insertUser = (email: string, role = 'rep') =>
        dataSource.query(
          `INSERT INTO users (org_id, email, name, role, password_hash) VALUES ($1, $2, 'X', $3, 'h')`,
          [org.id, email, role],
        );
      await expect(insertUser('Upper@Example.test')).rejects.toThrow(/chk_users_email_lower/);
      await expect(insertUser('boss@example.test', 'boss')).rejects.toThrow(/chk_users_role/);
      await insertUser(`same-${org.id}@example.test`);
      await expect(insertUser(`same-${org.id}@example.test`)).rejects.toThrow(/uq_users_email/);
      await expect(
        dataSource.query(
          `INSERT INTO activity_types (org_id, key, label, category, unit) VALUES ($1, 'Bad Key', 'x', 'activity', 'count')`,
          [org.id],
        ),
      ).rejects.toThrow(/chk_activity_types_key/);
      await dataSource.query(`DELETE FROM organizations WHERE id = $1`, [org.id]);
    } finally {
      await dataSource.destroy();
    }
  });
});

describe('GET /api/health', () => {
  it('is 200 while the database answers and 503 when it does not, then recovers', async () => {
    await withEmptyDatabase(async (url) => {
      await runMigrations(url);
      const t = await startTestApp({ DATABASE_URL: url });
      const name = new URL(url).pathname.slice(1);
      const admin = new Client({ connectionString: testDatabaseUrl() });
      await admin.connect();
      try {
        expect((await request(t.server).get('/api/health').expect(200)).body).toEqual({
          status: 'ok',
          checks: { database: 'ok' },
        });

        await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
        await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`,
          [name],
        );
        expect((await request(t.server).get('/api/health').expect(503)).body).toEqual({
          status: 'unavailable',
          checks: { database: 'unavailable' },
        });
        await request(t.server).get('/api/health/ready').expect(503);

        await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`);
        await request(t.server).get('/api/health').expect(200);
        await request(t.server).get('/api/health/ready').expect(200);
      } finally {
        await t.close().catch(() => undefined);
        await admin
          .query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`)
          .catch(() => undefined);
        await admin.end();
      }
    });
  });
});
