import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { RedisAdapter } from '@socket.io/redis-adapter';
import type { Namespace, Server, ServerOptions } from 'socket.io';
import type { LiveFanout } from './live-fanout';

/** Largest message a client may send (subscribe requests are tiny). */
const MAX_INCOMING_BYTES = 16 * 1024;

type BroadcastOptions = Parameters<RedisAdapter['addSockets']>[0];

/**
 * The Redis adapter, except that joining, leaving and disconnecting by room also happen on this
 * instance at once: the stock adapter only publishes them and waits for its own message to come
 * back from Redis — with Redis down, a deactivated user's socket here would stay open.
 * Doing it twice when Redis is up is harmless (both are idempotent).
 */
class LocalFirstRedisAdapter extends RedisAdapter {
  override addSockets(opts: BroadcastOptions, rooms: string[]): void {
    if (!opts.flags?.local) super.addSockets(local(opts), rooms);
    super.addSockets(opts, rooms);
  }

  override delSockets(opts: BroadcastOptions, rooms: string[]): void {
    if (!opts.flags?.local) super.delSockets(local(opts), rooms);
    super.delSockets(opts, rooms);
  }

  override disconnectSockets(opts: BroadcastOptions, close: boolean): void {
    if (!opts.flags?.local) super.disconnectSockets(local(opts), close);
    super.disconnectSockets(opts, close);
  }
}

function local(opts: BroadcastOptions): BroadcastOptions {
  return { ...opts, flags: { ...opts.flags, local: true } };
}

/**
 * socket.io for the app: with REDIS_URL, broadcasts travel between instances through Redis
 * (`LiveFanout`); without it, one instance needs nothing but itself.
 */
export class LiveIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly fanout: LiveFanout,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: MAX_INCOMING_BYTES,
      pingInterval: 10_000,
      pingTimeout: 8_000,
    } as ServerOptions);
    const clients = this.fanout.clients();
    if (clients) {
      const { pub, sub } = clients;
      // socket.io constructs one adapter per namespace, with the namespace as the only argument.
      server.adapter(
        class extends LocalFirstRedisAdapter {
          constructor(nsp: Namespace) {
            super(nsp, pub, sub);
          }
        },
      );
    }
    return server;
  }

  override async dispose(): Promise<void> {
    await this.fanout.close();
  }
}
