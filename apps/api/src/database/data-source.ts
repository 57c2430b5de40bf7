import { Logger } from '@nestjs/common';
import type { ClientBase } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from 'typeorm-naming-strategies';
import type { DatabaseLimits } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/**
 * `limits` bound every call of the running app (see DatabaseLimits); without them (migrations,
 * the CLI tools) only the connect timeout applies, since a migration may rightly run long.
 */
export function buildDataSourceOptions(url: string, limits?: DatabaseLimits): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    // Schema changes only ever go through migrations.
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'migrations',
    extra: {
      ...(limits
        ? {
            max: limits.poolSize,
            // pg-pool: the wait for a free pooled client and for a new connection.
            connectionTimeoutMillis: limits.connectTimeoutMs,
            // node-postgres, client-side: a paused or partitioned server enforces nothing itself.
            query_timeout: limits.queryTimeoutMs,
            // Sent at connect time as session settings, enforced by PostgreSQL.
            statement_timeout: limits.statementTimeoutMs,
            idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs,
            // A peer that vanished without a FIN (a dead host, a dropped NAT entry) is noticed.
            keepAlive: true,
            keepAliveInitialDelayMillis: 10_000,
          }
        : { max: 20, connectionTimeoutMillis: 5000 }),
      onConnect: keepErrorsHandled,
    },
  };
}

/**
 * Every pooled connection gets an 'error' listener for its whole life. pg-pool removes its own
 * listener when it hands a client out and TypeORM attaches one a microtask later; a server that
 * terminates connections (a restart, pg_terminate_backend) can deliver a connection's FATAL in the
 * same socket read that completed its previous query, inside that gap — an 'error' event with no
 * listener, which would crash the process. The connection is marked unusable either way and
 * pg-pool discards it when it comes back; this only keeps the event from being unhandled.
 */
function keepErrorsHandled(client: ClientBase): void {
  client.on('error', (error) => logger.warn(`A database connection failed: ${error.message}`));
}

const logger = new Logger('Database');

/** Arbitrary constant: serialises migration runs of several instances booting at once. */
const MIGRATION_LOCK_KEY = 4_206_901;

/** Runs pending migrations once, even when several instances start at the same moment. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(buildDataSourceOptions(url));
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
    await dataSource.destroy();
  }
}

/** For the TypeORM CLI: `typeorm -d apps/api/dist/database/data-source.js …` with DATABASE_URL set. */
export default new DataSource(
  buildDataSourceOptions(process.env['DATABASE_URL'] ?? 'postgres://localhost/arena'),
);
