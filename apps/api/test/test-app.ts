import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import { Client, type Pool } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../src/config/app-config';
import { createApp } from '../src/create-app';
import { DatabaseProbe } from '../src/health/database-probe';

export interface TestApp {
  app: NestExpressApplication;
  server: Server;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  config: AppConfig;
  databaseUrl: string;
  close(): Promise<void>;
}

export function testDatabaseUrl(): string {
  const url = process.env['DATABASE_URL'];
  if (!url)
    throw new Error('DATABASE_URL is set by test/global-setup.ts; run the tests through jest.');
  return url;
}

/** The whole AppModule on the run's real PostgreSQL, listening on a free port. */
export async function startTestApp(env: Record<string, string> = {}, port = 0): Promise<TestApp> {
  // ARENA_TEST_DATABASE lets a test run "as embedded" (no DATABASE_URL in the config) on a given database.
  const databaseUrl = env['ARENA_TEST_DATABASE'] || env['DATABASE_URL'] || testDatabaseUrl();
  // A data dir of its own (JWT secret, …), removed on close unless the test brought one.
  const ownDataDir = env['DATA_DIR'] ? undefined : mkdtempSync(join(tmpdir(), 'arena-app-'));
  const config = loadConfig({
    DATABASE_URL: env['ARENA_TEST_DATABASE'] ? '' : databaseUrl,
    DEMO: '0',
    DATA_DIR: ownDataDir ?? '',
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
    // Shared by every test app, as by every instance of one deployment: any of them may run a
    // job that opens a connection's credentials.
    SECRETS_KEY: 'test-secrets-key-that-is-long-enough-for-aes-256',
    LOG_LEVEL: process.env['ARENA_TEST_LOG_LEVEL'] ?? 'silent',
    WEB_DIST: join(tmpdir(), 'arena-no-web-build'),
    // Every test signs up its own organisations from 127.0.0.1; one test checks the real default.
    SIGNUP_RATE_LIMIT: '100000',
    ...env,
  });
  const removeDataDir = () => {
    if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
  };
  let app: NestExpressApplication;
  try {
    app = await createApp(config, databaseUrl);
    await app.listen(port, '127.0.0.1');
  } catch (error) {
    removeDataDir();
    throw error;
  }
  const server = app.getHttpServer() as Server;
  const address = server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
  const close = async () => {
    const closed = connectionsClosed(app);
    await app.close();
    // The pools have ended, but their connections' goodbyes to PostgreSQL (another process) are
    // still on the way: a test file that ended now would leave open sockets behind, and the Jest
    // worker could not exit in time ("failed to exit gracefully").
    await closed;
    removeDataDir();
  };
  return { app, server, baseUrl, config, databaseUrl, close };
}

/**
 * Resolves once every connection the app's PostgreSQL pools (TypeORM's and the health probe's)
 * hold now has closed: pg-pool's `end()` resolves before its clients' sockets do.
 */
function connectionsClosed(app: NestExpressApplication): Promise<void> {
  type PoolInternals = { _clients?: (Client & { _ended?: boolean })[] };
  const pools = [
    (app.get(DataSource).driver as unknown as { master?: Pool }).master,
    (app.get(DatabaseProbe, { strict: false }) as unknown as { pool?: Pool }).pool,
  ];
  const clients = pools.flatMap((pool) => (pool as PoolInternals | undefined)?._clients ?? []);
  return Promise.all(
    clients.map((client) =>
      client._ended ? undefined : new Promise<void>((resolve) => client.once('end', resolve)),
    ),
  ).then(() => undefined);
}

/** A brand-new database on the test server, migrated when asked, dropped afterwards. */
export async function withEmptyDatabase(fn: (url: string) => Promise<void>): Promise<void> {
  const serverUrl = new URL(testDatabaseUrl());
  const name = `arena_scratch_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl.toString());
  url.pathname = `/${name}`;
  try {
    await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
