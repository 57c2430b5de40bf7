import type { DependencyStatus } from '@arena/contracts';
import { Injectable, Logger, Module } from '@nestjs/common';
import { Redis } from 'ioredis';

/** How long to wait for Redis to confirm the re-established subscriptions before a resync. */
const CONFIRM_TIMEOUT_MS = 5_000;
/** How long a starting instance waits for Redis before it starts degraded. */
const BOOT_WAIT_MS = 5_000;

/**
 * The Redis link that carries live updates between API instances (REDIS_URL). A Redis outage only
 * degrades it: publishing fails fast and is dropped (never queued, never an unhandled rejection),
 * each instance keeps serving its own clients, and when Redis is back `onRestored` listeners run
 * — the gateway then tells its clients to re-subscribe for what the other instances sent meanwhile.
 */
@Injectable()
export class LiveFanout {
  private readonly logger = new Logger('LiveFanout');
  private pub?: Redis;
  private sub?: Redis;
  /** True from the first failure until both connections are back and subscribed again. */
  private lost = false;
  private readonly restored = new Set<() => void>();
  private closing = false;

  /**
   * Connects before the server starts. Redis being away at boot does not stop the instance: it
   * starts degraded (its own clients are served) and joins the fan-out when Redis answers.
   */
  async connect(url: string): Promise<void> {
    const common = {
      lazyConnect: true,
      // Reconnect forever, at most 2 s apart: the outage is someone else's to fix.
      retryStrategy: (attempt: number) => Math.min(attempt * 100, 2_000),
    };
    // While Redis is away a publish fails at once instead of waiting in an unbounded queue.
    this.pub = new Redis(url, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    // The adapter subscribes once, when the server is created, and does not handle a rejection:
    // those few commands wait for the connection instead (nothing else is sent on this client).
    this.sub = new Redis(url, { ...common, enableOfflineQueue: true, maxRetriesPerRequest: null });
    for (const client of [this.pub, this.sub]) {
      client.on('error', (error: Error) => this.onLost(error.message));
      client.on('close', () => this.onLost('connection closed'));
      client.on('ready', () => void this.onReady());
    }
    try {
      await withTimeout(Promise.all([this.pub.connect(), this.sub.connect()]), BOOT_WAIT_MS);
    } catch (error) {
      // ioredis keeps reconnecting; 'ready' then restores the fan-out and resyncs the clients.
      this.onLost(`not reachable at start: ${(error as Error).message}`);
    }
  }

  /** The pub/sub pair for `@socket.io/redis-adapter`, with a publish that never rejects. */
  clients(): { pub: Redis; sub: Redis } | null {
    if (!this.pub || !this.sub) return null;
    const pub = this.pub;
    const publish = (channel: string | Buffer, message: string | Buffer): Promise<number> =>
      pub.publish(channel, message).catch((error: Error) => {
        // The local clients already have it (the adapter delivers locally as well); the other
        // instances catch up through a resync once Redis is back.
        this.onLost(`publish failed: ${error.message}`);
        return 0;
      });
    // The adapter calls `publish` without handling its rejection; everything else is the client's.
    const failSoft = new Proxy(pub, {
      get(target, property) {
        if (property === 'publish') return publish;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return { pub: failSoft, sub: this.sub };
  }

  /** `undefined` without REDIS_URL (a single instance needs no fan-out). */
  status(): DependencyStatus | undefined {
    if (!this.pub || !this.sub) return undefined;
    return !this.lost && this.pub.status === 'ready' && this.sub.status === 'ready'
      ? 'ok'
      : 'unavailable';
  }

  onRestored(listener: () => void): void {
    this.restored.add(listener);
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([this.pub, this.sub].map((client) => client?.quit().catch(() => undefined)));
  }

  private onLost(why: string): void {
    if (this.closing || !this.pub) return;
    if (!this.lost) {
      this.logger.warn(
        `Redis is unavailable (${why}): live updates reach only this instance's clients until it is back`,
      );
    }
    this.lost = true;
  }

  private async onReady(): Promise<void> {
    const { pub, sub } = this;
    if (!this.lost || this.closing || !pub || !sub) return;
    if (pub.status !== 'ready' || sub.status !== 'ready') return; // the other one will call again
    try {
      // ioredis re-subscribes right after emitting 'ready'; a PING sent after that and answered
      // proves it is done, so nothing published from now on can be missed by this instance.
      await new Promise((resolve) => setImmediate(resolve));
      await withTimeout(sub.ping(), CONFIRM_TIMEOUT_MS);
    } catch {
      return; // lost again: the next 'ready' tries once more
    }
    if (!this.lost || pub.status !== 'ready' || sub.status !== 'ready') return;
    this.lost = false;
    this.logger.log('Redis is back: live clients of this instance resync');
    for (const listener of this.restored) listener();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Shared by the live gateway (fan-out, resync) and the health check (its status). */
@Module({ providers: [LiveFanout], exports: [LiveFanout] })
export class LiveFanoutModule {}
