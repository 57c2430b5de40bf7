import 'reflect-metadata';
import pino from 'pino';
import { ConfigError, loadConfig } from './config/app-config';
import { createApp } from './create-app';
import { DemoService } from './demo/demo.service';
import { runMigrations } from './database/data-source';
import {
  startEmbeddedPostgres,
  writeRunningDatabaseUrl,
  type EmbeddedDatabase,
} from './database/embedded-postgres';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel });

  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    const started = Date.now();
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      log: (message) => log.debug(message),
    });
    log.info(
      `Embedded PostgreSQL started in ${Date.now() - started} ms (data in ${config.dataDir})`,
    );
    // Lets `npm run verify-scores` reach the running database.
    writeRunningDatabaseUrl(config.dataDir, embedded.url);
  }
  const databaseUrl = config.databaseUrl ?? embedded!.url;

  let stopping = false;
  const stop = async (signal: string, app?: { close(): Promise<void> }) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    await app?.close().catch((error) => log.error(error));
    await embedded?.stop().catch((error) => log.error(error));
    if (embedded) writeRunningDatabaseUrl(config.dataDir, null);
    process.exit(0);
  };
  // Until the app is up, a signal must still stop the embedded database.
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  const applied = await runMigrations(databaseUrl);
  if (applied.length > 0) log.info(`Applied migrations: ${applied.join(', ')}`);

  const app = await createApp(config, databaseUrl);
  process.removeAllListeners('SIGINT').removeAllListeners('SIGTERM');
  process.once('SIGINT', () => void stop('SIGINT', app));
  process.once('SIGTERM', () => void stop('SIGTERM', app));
  await app.listen(config.port);
  log.info(`Arena is running at http://localhost:${config.port} (API docs: /api/docs)`);
  const demo = app.get(DemoService);
  if (demo.enabled) console.log(`\n${demo.banner()}\n\nOpen http://localhost:${config.port}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
