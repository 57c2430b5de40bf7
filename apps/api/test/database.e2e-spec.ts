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
