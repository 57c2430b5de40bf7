import { Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';

/**
 * One hit, atomically: count it in the key's window (the window starts with its first hit), and
 * once the count passes the limit, block for `blockDuration`. A blocked key does not count further
 * hits, so the block ends when it says it does.
 * KEYS: hits, block. ARGV: ttl ms, limit, block ms. Returns hits, hits ttl ms, blocked 0|1, block ms.
 */
const HIT = `
local block = redis.call('PTTL', KEYS[2])
if block > 0 then
  return { tonumber(redis.call('GET', KEYS[1]) or ARGV[2]) + 1, redis.call('PTTL', KEYS[1]), 1, block }
end
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return { hits, ttl, 1, tonumber(ARGV[3]) }
end
return { hits, ttl, 0, 0 }
`;

/** The package does not export its record type from its entry point. */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
type Reply = [hits: number, ttlMs: number, blocked: 0 | 1, blockMs: number];

/**
 * Rate-limit counters for `@nestjs/throttler` (sign-in, sign-up). With REDIS_URL they live in
 * Redis, so every instance behind the load balancer spends one budget: with per-instance counters,
 * two instances would give an attacker twice the attempts. Without REDIS_URL, or while Redis does
 * not answer, each instance counts in memory: a Redis outage must not stop people signing in.
 */
@Injectable()
export class SharedThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimits');
  private readonly memory = new ThrottlerStorageService();
  private readonly redis?: Redis;
  private degraded = false;

  constructor(config: AppConfig) {
    if (!config.redisUrl) return;
    this.redis = new Redis(config.redisUrl, {
      // While Redis is away a hit fails at once (and is counted in memory) instead of queueing.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
    });
    // Connection errors surface as failed hits below; ioredis keeps reconnecting meanwhile.
    this.redis.on('error', () => undefined);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    if (!this.redis) return this.memory.increment(key, ttl, limit, blockDuration, throttlerName);
    try {
      const base = `arena:throttle:${throttlerName}:${key}`;
      const [hits, ttlMs, blocked, blockMs] = (await this.redis.eval(
        HIT,
        2,
        base,
        `${base}:blocked`,
        ttl,
        limit,
        blockDuration > 0 ? blockDuration : ttl,
      )) as Reply;
      if (this.degraded) {
        this.degraded = false;
        this.logger.log('Redis is back: rate limits are shared by every instance again');
      }
      return {
        totalHits: hits,
        timeToExpire: Math.ceil(ttlMs / 1000),
        isBlocked: blocked === 1,
        timeToBlockExpire: blocked === 1 ? Math.ceil(blockMs / 1000) : 0,
      };
    } catch (error) {
      if (!this.degraded) {
        this.degraded = true;
        this.logger.warn(
          `Redis is unavailable (${String(error)}): rate limits count on this instance alone until it is back`,
        );
      }
      return this.memory.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.memory.onApplicationShutdown();
    this.redis?.disconnect();
  }
}

/** Lets `ThrottlerModule.forRootAsync` inject the storage, so Nest also shuts it down. */
@Module({ providers: [SharedThrottlerStorage], exports: [SharedThrottlerStorage] })
export class SharedThrottlerStorageModule {}
