import { Injectable, Logger } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { clientAddressOf } from '../common/client-address';
import { AppConfig } from '../config/app-config';
import type { LiveSocket } from './live-broadcaster';
import { LiveRefusalError as Refusal } from './live-refusal';

/** The window of the per-socket event budget. */
export const EVENT_WINDOW_MS = 10_000;
/** How long a handshake waits for an authentication slot before it is refused as "busy". */
export const HANDSHAKE_WAIT_MS = 10_000;
/**
 * A token whose socket was dropped for flooding may not connect again for this long: otherwise a
 * flooder that reconnects at once gets a fresh budget (and fresh subscriptions) every time.
 */
export const COOL_DOWN_MS = EVENT_WINDOW_MS;
/** Handshakes that may wait for a slot at once; more are refused as busy straight away. */
export const MAX_WAITING_HANDSHAKES = 2_000;

type Connection = LiveSocket['conn'];

/**
 * Cheap rejection before work (issue 11.8), for the `/live` namespace:
 * - per client address, a budget of concurrent connections and of connection attempts per second,
 *   checked first, before any token is verified or the database read;
 * - a bound on handshake authentications in flight, so a crowd of them cannot take every
 *   database connection (the others wait their turn, then are refused as busy);
 * - per socket, a budget of events per window: a socket that floods is told once and disconnected.
 * Budgets are generous (a sales floor of hundreds of reps may share one NAT address) and set by
 * LIVE_SOCKETS_PER_ADDRESS, LIVE_CONNECTS_PER_SECOND, LIVE_EVENTS_PER_SOCKET, LIVE_HANDSHAKES.
 */
@Injectable()
export class LiveBudgets {
  private readonly logger = new Logger('LiveBudgets');
  private readonly addressOf: (request: IncomingMessage) => string;
  /** Open connections per address. */
  private readonly open = new Map<string, number>();
  private readonly counted = new WeakSet<Connection>();
  /** Token buckets of connection attempts per address. */
  private readonly attempts = new Map<string, { tokens: number; at: number }>();
  /** Tokens cooling down after a flood, with when they may connect again. */
  private readonly coolingDown = new Map<string, number>();
  private handshakes = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly config: AppConfig) {
    this.addressOf = clientAddressOf(config.trustProxy);
  }

  /** The namespace's first middleware: address budgets, then the per-socket event budget. */
  readonly admit = (socket: LiveSocket, next: (error?: Error) => void): void => {
    const { socketsPerAddress, connectsPerSecond } = this.config.liveBudgets;
    const address = this.addressOf(socket.request);
    const bucket = this.refill(address, connectsPerSecond);
    if (bucket.tokens < 1) {
      const retryAfterMs = Math.ceil(((1 - bucket.tokens) / connectsPerSecond) * 1000);
      return next(
        new Refusal(
          `Too many connection attempts from your address (at most ${connectsPerSecond} a second): try again in a moment.`,
          { code: 'rate_limited', retryAfterMs },
        ),
      );
    }
    bucket.tokens -= 1;
    const token: unknown = socket.handshake.auth?.['token'];
    const until = typeof token === 'string' ? this.coolingDown.get(token) : undefined;
    if (until !== undefined) {
      if (until > Date.now()) {
        return next(
          new Refusal(
            'This connection sent too many messages: wait a few seconds before connecting again.',
            { code: 'cooling_down', retryAfterMs: until - Date.now() },
          ),
        );
      }
      this.coolingDown.delete(token as string);
    }
    const conn = socket.conn;
    if (!this.counted.has(conn)) {
      const open = this.open.get(address) ?? 0;
      if (open >= socketsPerAddress) {
        return next(
          new Refusal(
            `Too many live connections from your address (at most ${socketsPerAddress}): close another tab or screen, or try again later.`,
            { code: 'too_many_connections', retryAfterMs: 30_000 },
          ),
        );
      }
      this.counted.add(conn);
      this.open.set(address, open + 1);
      conn.once('close', () => {
        const left = (this.open.get(address) ?? 1) - 1;
        if (left > 0) this.open.set(address, left);
        else this.open.delete(address);
      });
    }
    this.limitEvents(socket);
    next();
  };

  /**
   * Runs a handshake authentication when one of the LIVE_HANDSHAKES slots is free; a handshake
   * that waits longer than HANDSHAKE_WAIT_MS is refused as busy (the client tries again later).
   */
  async authenticating<T>(socket: LiveSocket, authenticate: () => Promise<T>): Promise<T> {
    if (this.handshakes >= this.config.liveBudgets.handshakes) {
      const turn =
        this.waiting.length < MAX_WAITING_HANDSHAKES &&
        (await new Promise<boolean>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            resolve(true);
          };
          const timer = setTimeout(() => {
            const index = this.waiting.indexOf(wake);
            if (index >= 0) this.waiting.splice(index, 1);
            resolve(false);
          }, HANDSHAKE_WAIT_MS);
          this.waiting.push(wake);
        }));
      if (!turn) {
        throw new Refusal('The server is busy: trying again in a moment.', {
          code: 'unavailable',
          retryAfterMs: 1_000 + Math.floor(Math.random() * 4_000),
        });
      }
    }
    // A client that gave up while waiting is not worth a token check and a database read.
    // Nobody hears this refusal; it only must not be logged as our failure.
    if (socket.conn.readyState !== 'open')
      throw new Refusal('The connection closed.', { code: 'unavailable', retryAfterMs: 0 });
    this.handshakes++;
    try {
      return await authenticate();
    } finally {
      this.handshakes--;
      // Hands the slot straight to the next in line (it counts itself in again).
      this.waiting.shift()?.();
    }
  }

  private coolDown(socket: LiveSocket): void {
    const token: unknown = socket.handshake.auth?.['token'];
    if (typeof token !== 'string') return;
    const now = Date.now();
    if (this.coolingDown.size > 10_000) {
      for (const [key, until] of this.coolingDown) if (until <= now) this.coolingDown.delete(key);
    }
    this.coolingDown.set(token, now + COOL_DOWN_MS);
  }

  private refill(address: string, perSecond: number): { tokens: number; at: number } {
    const now = Date.now();
    let bucket = this.attempts.get(address);
    if (!bucket) {
      if (this.attempts.size > 50_000) this.prune(now, perSecond);
      bucket = { tokens: perSecond, at: now };
      this.attempts.set(address, bucket);
    }
    bucket.tokens = Math.min(perSecond, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    return bucket;
  }

  /** Full buckets carry no information: forget them. */
  private prune(now: number, perSecond: number): void {
    for (const [address, bucket] of this.attempts) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * perSecond >= perSecond)
        this.attempts.delete(address);
    }
  }

  /** Every incoming event counts, before any handler runs: over budget, the socket is dropped. */
  private limitEvents(socket: LiveSocket): void {
    const limit = this.config.liveBudgets.eventsPerSocket;
    let windowStart = Date.now();
    let count = 0;
    let over = false;
    socket.use((_packet, next) => {
      if (over) return; // dropped: the connection is closing
      const now = Date.now();
      if (now - windowStart >= EVENT_WINDOW_MS) {
        windowStart = now;
        count = 0;
      }
      if (++count <= limit) return next();
      over = true;
      this.coolDown(socket);
      this.logger.warn(`Disconnecting ${socket.id}: more than ${limit} events in 10 s`);
      socket.emit('throttled', {
        code: 'rate_limited',
        message: `Too many messages: at most ${limit} per ${EVENT_WINDOW_MS / 1000} s. This connection is closed.`,
      });
      // engine.io closes the transport once its write buffer drained, so the notice gets out first.
      socket.disconnect(true);
    });
  }
}
