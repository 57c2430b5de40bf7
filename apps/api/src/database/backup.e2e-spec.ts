import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { addUser, bearer, logActivity, signupOrg } from '../../test/builders';
import { startTestApp, testDatabaseUrl, withEmptyDatabase } from '../../test/test-app';
import { Transactions } from '../common/transaction';
import { ScoreKeeper } from '../scores/score-keeper';
import { ScoreVerifier } from '../scores/score-verifier';
import { buildDataSourceOptions, runMigrations } from './data-source';

const run = promisify(execFile);
const DIST = resolve(__dirname, '../../dist/database');

/** Runs a built CLI as `npm run backup|restore` does; answers its exit code and output. */
async function cli(
  name: 'backup' | 'restore',
  databaseUrl: string,
  args: string[],
): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [join(DIST, `${name}-cli.js`), ...args],
      {
        env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
      },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

/** Every table's row count and a digest of its rows, in a stable order. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // A partitioned table counts once, with its partitions' rows (a restore may place them in
    // other partitions: a big contest's own partition is made again by its next re-score).
    const tables = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        ORDER BY c.relname`,
    );
    const result: Record<string, string> = {};
    for (const { name } of tables.rows) {
      // TypeORM's bookkeeping names its own database; the migrations write it in each.
      if (name === 'typeorm_metadata') continue;
      const columns = name === 'migrations' ? 'timestamp, name' : `t`;
      const row = await client.query<{ n: string; digest: string | null }>(
        `SELECT count(*) AS n, md5(string_agg((${columns})::text, '|' ORDER BY (${columns})::text)) AS digest
           FROM "${name}" t`,
      );
      result[name] = `${row.rows[0]!.n}:${row.rows[0]!.digest}`;
    }
    return result;
  } finally {
    await client.end();
  }
}

async function verifyScores(url: string) {
  const dataSource = await new DataSource(buildDataSourceOptions(url)).initialize();
  try {
    return await new ScoreVerifier(new Transactions(dataSource), new ScoreKeeper()).verify();
  } finally {
    await dataSource.destroy();
  }
}

/** An empty database owned by a role of its own that is not a superuser; its URL as that role. */
async function asOrdinaryOwner(fn: (url: string) => Promise<void>): Promise<void> {
  await withEmptyDatabase(async (scratch) => {
    const url = new URL(scratch);
    const role = `${url.pathname.slice(1)}_owner`;
    const password = randomUUID();
    const admin = new Client({ connectionString: scratch });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER PASSWORD '${password}'`);
      await admin.query(`ALTER DATABASE ${url.pathname.slice(1)} OWNER TO ${role}`);
      await admin.query(`ALTER SCHEMA public OWNER TO ${role}`);
      url.username = role;
      url.password = password;
      await fn(url.toString());
    } finally {
      await admin.query(`DROP OWNED BY ${role} CASCADE`).catch(() => undefined);
      await admin.end();
      const server = new Client({ connectionString: testDatabaseUrl() });
      await server.connect();
      await server.query(`DROP DATABASE IF EXISTS ${url.pathname.slice(1)} WITH (FORCE)`);
      await server.query(`DROP ROLE IF EXISTS ${role}`);
      await server.end();
    }
  });
}

describe('npm run backup / npm run restore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'arena-backup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips every organisation exactly, and a backup taken under live writes is consistent', async () => {
    await withEmptyDatabase(async (source) => {
      await runMigrations(source);
      // The demo writes activities in the background while it runs: a backup taken meanwhile
      // must still be one instant of the database (kept scores agree with the log).
      const demo = await startTestApp({ DATABASE_URL: '', DEMO: '1', ARENA_TEST_DATABASE: source });
      // Every re-score builds its contest a partition of its own, as a big contest's does: the
      // backup must read them through their table and the restore write them back through it.
      demo.app.get(ScoreKeeper).rescorer.ownPartitionRows = 1;
      const live = join(dir, 'live.backup.gz');
      try {
        const org = await signupOrg(demo.server);
        const manager = await addUser(demo.server, org, 'manager');
        const rep = await addUser(demo.server, org, 'rep');
        const now = Date.now();
        const contest = (
          await request(demo.server)
            .post('/api/contests')
            .set(bearer(manager.token))
            .send({
              name: 'Round trip',
              startsAt: new Date(now - 86_400_000).toISOString(),
              endsAt: new Date(now + 86_400_000).toISOString(),
              participantIds: [rep.user.id],
              rules: [{ activityType: 'call', pointsPerUnit: 1.5, dailyCap: 3 }],
            })
            .expect(201)
        ).body;
        await request(demo.server)
          .post(`/api/contests/${contest.id}/publish`)
          .set(bearer(manager.token))
          .expect(200);
        const logged = [];
        for (let i = 0; i < 5; i++)
          logged.push(
            await logActivity(demo.server, rep.token, {
              type: 'call',
              quantity: 1,
              note: i === 0 ? 'tab\there, "quotes", back\\slash\nnew line, ünïcode 🎉' : undefined,
              occurredAt: new Date(now - i * 60_000).toISOString(),
            }),
          );
        await request(demo.server)
          .post(`/api/activities/${logged[1].id}/void`)
          .set(bearer(manager.token))
          .send({ reason: 'duplicate' })
          .expect(200);
        // An edit re-scores the contest from its log: into a partition of its own.
        await request(demo.server)
          .patch(`/api/contests/${contest.id}`)
          .set(bearer(manager.token))
          .send({ name: 'Round trip, edited' })
          .expect(200);

        const backup = await cli('backup', source, ['--out', live]);
        expect(backup).toMatchObject({ code: 0 });
        expect(backup.output).toContain('Backup complete');
        const client = new Client({ connectionString: source });
        await client.connect();
        const own = await client.query(
          `SELECT count(*)::int AS n FROM pg_inherits i
            JOIN pg_class p ON p.oid = i.inhparent AND p.relname = 'contest_activity_scores'
            JOIN pg_class c ON c.oid = i.inhrelid AND c.relname <> 'contest_activity_scores_shared'`,
        );
        await client.end();
        expect(own.rows[0].n).toBeGreaterThan(0);
      } finally {
        await demo.close();
      }

      await withEmptyDatabase(async (target) => {
        const restored = await cli('restore', target, [live]);
        expect(restored.output).toContain('Restore complete');
        expect(restored.code).toBe(0);
        const report = await verifyScores(target);
        expect(report.differences).toEqual([]);
        expect(report.contestsChecked).toBeGreaterThanOrEqual(3);
      });

      // Quiet now: the restored database is the source, row for row.
      const still = join(dir, 'still.backup.gz');
      expect((await cli('backup', source, ['--out', still])).code).toBe(0);
      // Damaged copies: cut short, of a newer Arena, and with a dangling reference.
      const whole = gunzipSync(readFileSync(still)).toString('utf8');
      const damaged = join(dir, 'damaged.backup.gz');
      writeFileSync(damaged, gzipSync(whole.slice(0, Math.floor(whole.length * 0.8))));
      const header = JSON.parse(whole.slice(0, whole.indexOf('\n')));
      const newer = join(dir, 'newer.backup.gz');
      writeFileSync(
        newer,
        gzipSync(
          JSON.stringify({ ...header, migrations: [...header.migrations, 'Future9999999999999'] }) +
            whole.slice(whole.indexOf('\n')),
        ),
      );
      // Row counts intact, but an activity names a user the file does not hold.
      const lines = whole.split('\n');
      const start = lines.findIndex((line) => line.startsWith('{"table":"activities"'));
      const userColumn = (JSON.parse(lines[start]!).columns as string[]).indexOf('user_id');
      const fields = lines[start + 1]!.split('\t');
      fields[userColumn] = '00000000-0000-4000-8000-000000000000';
      lines[start + 1] = fields.join('\t');
      const dangling = join(dir, 'dangling.backup.gz');
      writeFileSync(dangling, gzipSync(lines.join('\n')));
      await withEmptyDatabase(async (target) => {
        expect((await cli('restore', target, [still])).code).toBe(0);
        const [before, after] = [await fingerprint(source), await fingerprint(target)];
        expect(Object.keys(after)).toEqual(Object.keys(before));
        expect(after).toEqual(before);
        expect(Number(before['activities']!.split(':')[0])).toBeGreaterThan(100);

        // A database with data is not overwritten unless asked, and then it is replaced.
        const refused = await cli('restore', target, [still]);
        expect(refused.code).toBe(1);
        expect(refused.output).toContain('not empty');
        expect(await fingerprint(target)).toEqual(before);
        // A damaged file is found out before anything is dropped.
        const cut = await cli('restore', target, [damaged, '--replace']);
        expect(cut.code).toBe(1);
        expect(cut.output).toContain('ends early');
        expect(await fingerprint(target)).toEqual(before);
        const replaced = await cli('restore', target, [still, '--replace']);
        expect(replaced.code).toBe(0);
        expect(await fingerprint(target)).toEqual(before);
      });

      // An operator whose role is not a superuser (a managed PostgreSQL): the schema's own
      // triggers must not fire on the copied rows (the standings' counts would double).
      await asOrdinaryOwner(async (target) => {
        const restored = await cli('restore', target, [still]);
        expect(restored.output).toContain('Restore complete');
        expect(await fingerprint(target)).toEqual(await fingerprint(source));
        expect((await verifyScores(target)).differences).toEqual([]);
      });

      await withEmptyDatabase(async (target) => {
        // Found only once the rows are in: the copy is rolled back and the schema dropped again.
        const pointing = await cli('restore', target, [dangling]);
        expect(pointing.code).toBe(1);
        expect(pointing.output).toContain('point to users rows it does not hold');
        expect(await fingerprint(target)).toEqual({});

        const broken = await cli('restore', target, [damaged]);
        expect(broken.code).toBe(1);
        expect(broken.output).toContain('ends early');
        expect(await fingerprint(target)).toEqual({});

        const future = await cli('restore', target, [newer, '--replace']);
        expect(future.code).toBe(1);
        expect(future.output).toContain('newer');
      });
    });
  }, 120_000);
});
