import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { runMigrations } from '../database/data-source';
import { login, signupOrg } from '../../test/builders';
import { API_MAIN } from '../../test/processes';
import { startTestApp, withEmptyDatabase } from '../../test/test-app';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from './demo-data';
import { findDemoOrganisation, removeDemoOrganisation } from './demo-removal';

/** The built API on `databaseUrl` in production mode; resolves with its exit code and output. */
function startInProduction(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'arena-demo-prod-'));
  return new Promise((done) => {
    const child = spawn(process.execPath, [API_MAIN], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        PORT: '0',
        JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
        WEB_DIST: join(tmpdir(), 'arena-no-web-build'),
        DEMO: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += String(chunk)));
    child.stderr?.on('data', (chunk) => (output += String(chunk)));
    child.once('exit', (code) => {
      rmSync(dataDir, { recursive: true, force: true });
      done({ code, output });
    });
  });
}

/** Issue 13.3: the demo's published admin password must not outlive the demo. */
describe('removing the demo organisation', () => {
  it('production mode refuses a database with the demo; demo:remove deletes all of it and nothing else', async () => {
    await withEmptyDatabase(async (url) => {
      await runMigrations(url);
      const demo = await startTestApp({ DATABASE_URL: '', DEMO: '1', ARENA_TEST_DATABASE: url });
      const other = await signupOrg(demo.server);
      await demo.close();

      const refused = await startInProduction(url);
      expect(refused.code).toBe(1);
      expect(refused.output.trim().split('\n')).toEqual([
        'The demo organisation (admin@demo.arena, a published password) is in this database, and production mode (NODE_ENV=production or a HOST other than loopback) will not serve it: run `npm run demo:remove` first.',
      ]);

      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        const { id } = (await findDemoOrganisation(client))!;
        const removed = await removeDemoOrganisation(client);
        expect(removed).toMatchObject({
          organisation: { id, name: 'Northwind Sales' },
          people: 15,
        });
        expect(removed!.activities).toBeGreaterThan(0);
        expect(await removeDemoOrganisation(client)).toBeNull();

        // No table keeps a row of it; the other organisation keeps all of its own.
        const tables = (
          await client.query<{ table_name: string }>(
            `SELECT table_name FROM information_schema.columns
              WHERE table_schema = 'public' AND column_name = 'org_id'`,
          )
        ).rows.map((row) => row.table_name);
        expect(tables.length).toBeGreaterThan(10);
        for (const table of tables) {
          const left = await client.query(
            `SELECT count(*)::int AS n FROM ${table} WHERE org_id = $1`,
            [id],
          );
          expect([table, left.rows[0].n]).toEqual([table, 0]);
        }
        expect(
          (await client.query('SELECT count(*)::int AS n FROM organizations WHERE id = $1', [id]))
            .rows[0].n,
        ).toBe(0);
      } finally {
        await client.end();
      }

      const after = await startTestApp({ DATABASE_URL: url });
      try {
        await request(after.server)
          .post('/api/auth/login')
          .send({ email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD })
          .expect(401);
        await login(after.server, other.admin.email);
      } finally {
        await after.close();
      }
    });
  }, 120_000);
});
