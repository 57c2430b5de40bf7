import 'reflect-metadata';
import { createServer } from 'node:net';
import { Client } from 'pg';
import pino from 'pino';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config';
import { createApp } from './create-app';
import { DemoService } from './demo/demo.service';
import { findDemoOrganisation } from './demo/demo-removal';
import { runMigrations } from './database/data-source';
import {
  EmbeddedPostgresError,
  startEmbeddedPostgres,
  writeRunningDatabaseUrl,
  type EmbeddedDatabase,
} from './database/embedded-postgres';

/** A start-up failure the operator can act on: printed as its one-line message, exit code 1. */
class StartupError extends Error {}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel }, pino.destination({ dest: 1, sync: true }));
  // Before anything slow starts: a taken port is the commonest failure of a second start.
  await assertPortFree(config);

  let embedded: EmbeddedDatabase | undefined;
  let app: { close(): Promise<void> } | undefined;
  let stopping = false;
  const cleanUp = async () => {
    await app?.close().catch((error) => log.error(error));
    await embedded?.stop().catch((error) => log.error(error));
    if (embedded) writeRunningDatabaseUrl(config.dataDir, null);
  };
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    await cleanUp();
    process.exit(0);
  };
  // Ours replace any handler a dependency installs (embedded-postgres's exit hook, Nest's): a
  // signal during start-up must still stop the embedded database, once, in order.
  const handleSignals = () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.removeAllListeners(signal);
      process.on(signal, () => void stop(signal));
    }
  };
  handleSignals();

  try {
    if (!config.databaseUrl) {
      const started = Date.now();
      embedded = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        log: (message) => log.debug(message),
      });
      log.info(
        `Embedded PostgreSQL started in ${Date.now() - started} ms (data in ${embedded.clusterDir})`,
      );
      handleSignals();
      // Lets `npm run verify-scores`, `migrate` and `demo:remove` reach the running database.
      writeRunningDatabaseUrl(config.dataDir, embedded.url);
    }
    const databaseUrl = config.databaseUrl ?? embedded!.url;

    const applied = await runMigrations(databaseUrl);
    if (applied.length > 0) log.info(`Applied migrations: ${applied.join(', ')}`);
    if (config.production) await refuseDemoInProduction(databaseUrl);

    const nest = await createApp(config, databaseUrl);
    app = nest;
    handleSignals();
    await nest.listen(config.port, config.host).catch((error: NodeJS.ErrnoException) => {
      throw listenError(error, config) ?? error;
    });
    const address = `http://${displayHost(config.host)}:${config.port}`;
    log.info(`Arena is running at ${address} (API docs: /api/docs)`);
    const demo = nest.get(DemoService);
    if (demo.enabled) console.log(`\n${demo.banner()}\n\nOpen ${address}\n`);
  } catch (error) {
    if (!stopping) await cleanUp();
    throw error;
  }
}

/** Probes the port on the configured address, so a taken one fails in milliseconds, in one line. */
function assertPortFree(config: AppConfig): Promise<void> {
  if (config.port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(listenError(error, config) ?? error),
    );
    probe.listen(config.port, config.host, () => probe.close(() => resolve()));
  });
}

function listenError(error: NodeJS.ErrnoException, config: AppConfig): StartupError | undefined {
  const where = `${config.host}:${config.port}`;
  if (error.code === 'EADDRINUSE')
    return new StartupError(
      `Port ${config.port} is already in use (${where}): stop what listens there (another Arena?), or start with PORT=<a free port>.`,
    );
  if (error.code === 'EACCES')
    return new StartupError(
      `Not allowed to listen on ${where}: ports below 1024 need privileges; use PORT=3000 behind a proxy.`,
    );
  if (error.code === 'EADDRNOTAVAIL')
    return new StartupError(`HOST=${config.host} is not an address of this machine.`);
  return undefined;
}

/**
 * Production mode serves other people: the demo organisation, whose admin password is published,
 * must not be reachable there.
 */
async function refuseDemoInProduction(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    if (await findDemoOrganisation(client))
      throw new StartupError(
        'The demo organisation (admin@demo.arena, a published password) is in this database, and production mode (NODE_ENV=production or a HOST other than loopback) will not serve it: run `npm run demo:remove` first.',
      );
  } finally {
    await client.end();
  }
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host.startsWith('127.') || host === '::1')
    return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

main().catch((error: unknown) => {
  console.error(
    error instanceof ConfigError ||
      error instanceof StartupError ||
      error instanceof EmbeddedPostgresError
      ? error.message
      : error,
  );
  process.exit(1);
});
