import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/** Largest message a client may send (subscribe requests are tiny). */
const MAX_INCOMING_BYTES = 16 * 1024;

/**
 * socket.io for the app: with REDIS_URL, broadcasts travel between instances through Redis
 * (`@socket.io/redis-adapter`); without it, one instance needs nothing but itself.
 */
export class LiveIoAdapter extends IoAdapter {
  private pub?: Redis;
  private sub?: Redis;

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl: string | undefined,
  ) {
    super(app);
  }

  /** Connects to Redis before the server starts, so a wrong REDIS_URL fails the boot, not a broadcast. */
  async connect(): Promise<void> {
    if (!this.redisUrl) return;
    this.pub = new Redis(this.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
    this.sub = this.pub.duplicate();
    await Promise.all([this.pub.connect(), this.sub.connect()]);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: MAX_INCOMING_BYTES,
      pingInterval: 10_000,
      pingTimeout: 8_000,
    } as ServerOptions);
    if (this.pub && this.sub) server.adapter(createAdapter(this.pub, this.sub));
    return server;
  }

  override async dispose(): Promise<void> {
    await Promise.all([
      this.pub?.quit().catch(() => undefined),
      this.sub?.quit().catch(() => undefined),
    ]);
  }
}
