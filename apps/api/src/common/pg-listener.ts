import {
  Global,
  Injectable,
  Logger,
  Module,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
// eslint-disable-next-line no-restricted-imports -- reads only the connection URL, for the one LISTEN connection of its own
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, type Notification } from 'pg';
// eslint-disable-next-line no-restricted-imports -- see above
import type { DataSource } from 'typeorm';

const RECONNECT_MS = [250, 1_000, 5_000];

/** What a channel's subscriber is told: each notice, and when notices may have been missed. */
export interface ChannelHandler {
  notice(payload: string): void;
  /** The connection is gone: anything kept from notices so far can no longer be trusted. */
  down(): void;
}

/**
 * The instance's one LISTEN connection to PostgreSQL, shared by everything kept current by
 * commit notices (board counts, the caches of `instance-cache.ts`). NOTIFY is transactional: a
 * notice is delivered once to every listening connection at its transaction's commit, in commit
 * order. When the connection is lost every subscriber hears `down` (notices may have been missed)
 * and the listener reconnects with a backoff; `isListening` says whether notices flow now.
 */
@Injectable()
export class PgListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('PgListener');
  private readonly url: string | undefined;
  private readonly channels = new Map<string, ChannelHandler[]>();
  /** Connections already given up (an 'error' and an 'end' of the same one reconnect once). */
  private readonly retired = new WeakSet<Client>();
  private client: Client | null = null;
  private listening = false;
  private stopped = false;
  private attempt = 0;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.url = (dataSource.options as { url?: string }).url;
  }

  /** Subscribes to a channel; call before the application starts (module constructors). */
  subscribe(channel: string, handler: ChannelHandler): void {
    if (!/^[a-z_]+$/.test(channel)) throw new Error(`bad channel name ${channel}`);
    this.channels.set(channel, [...(this.channels.get(channel) ?? []), handler]);
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = null;
    this.listening = false;
    await client?.end().catch(() => undefined);
  }

  /** Whether notices flow now (the LISTEN of every channel is in place). */
  get isListening(): boolean {
    return this.listening;
  }

  private async connect(): Promise<void> {
    if (this.stopped || !this.url) return;
    const client = new Client({
      connectionString: this.url,
      application_name: 'arena-listener',
      keepAlive: true,
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => this.received(message));
    try {
      await client.connect();
      for (const channel of this.channels.keys()) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      this.lost(client, error as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.listening = true;
    if (this.attempt > 0) this.logger.log('Listening for commit notices again');
    this.attempt = 0;
  }

  private lost(client: Client, error?: Error): void {
    if (this.retired.has(client)) return;
    this.retired.add(client);
    const wasListening = this.listening;
    this.client = null;
    this.listening = false;
    for (const handlers of this.channels.values()) for (const handler of handlers) handler.down();
    client.removeAllListeners('notification');
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    if (wasListening || this.attempt === 0)
      this.logger.warn(
        `Commit notices connection lost${error ? ` (${error.message})` : ''}; board counts and caches are read from the database until it is back`,
      );
    const delay = RECONNECT_MS[Math.min(this.attempt, RECONNECT_MS.length - 1)];
    this.attempt += 1;
    setTimeout(() => void this.connect(), delay).unref();
  }

  private received(message: Notification): void {
    if (message.payload === undefined) return;
    for (const handler of this.channels.get(message.channel) ?? []) handler.notice(message.payload);
  }
}

@Global()
@Module({ providers: [PgListener], exports: [PgListener] })
export class PgListenerModule {}
