import { Global, Injectable, Module } from '@nestjs/common';
import { INVALIDATIONS_CHANNEL } from '../database/migrations/1796100000000-cache-invalidations';
import { PgListener } from './pg-listener';

/** Tags whose last invalidation is remembered; past this the oldest reads in flight are not kept. */
const MAX_TOUCHED = 10_000;

/**
 * Per-instance caches of what almost every request reads and almost nothing changes — a
 * session's standing, a board's contest definition — kept exact by commit notices (issue 14: a
 * board read without two round trips before its own statement).
 *
 * Every statement that changes such a thing sends, at its commit, the tags it touched
 * (`user:<id>`, `contest:<id>`, or `*`; migration CacheInvalidations1796100000000) to every
 * instance's LISTEN connection (`PgListener`). An entry carries tags and is dropped when one of
 * them is; a value read from the database is kept only if none of its tags was invalidated
 * while it was being read (so a read that began before a commit never keeps the older value). While
 * the LISTEN connection is down nothing is kept or served from a cache: every read goes to the
 * database. The instance that committed a change drops its entries at once as well
 * (`invalidate`), so it reads its own writes without waiting for the notice.
 */
@Injectable()
export class InstanceCaches {
  /** Bumped by every invalidation. */
  private clock = 0;
  /** Clock of the last "drop everything" (or of forgetting `touched`). */
  private cleared = 0;
  /** Tag → clock of its last invalidation. */
  private readonly touched = new Map<string, number>();
  private readonly caches: Array<TaggedCache<unknown>> = [];

  constructor(private readonly listener: PgListener) {
    listener.subscribe(INVALIDATIONS_CHANNEL, {
      notice: (tag) => this.invalidate(tag),
      down: () => this.invalidate('*'),
    });
  }

  /** A cache of at most `max` entries (least recently used first out), each kept ≤ `maxAgeMs`. */
  create<V>(max: number, maxAgeMs = 60_000): TaggedCache<V> {
    const cache = new TaggedCache<V>(this, max, maxAgeMs);
    this.caches.push(cache as TaggedCache<unknown>);
    return cache;
  }

  /** Drops every entry tagged `tag` (`*`: every entry) on this instance. */
  invalidate(tag: string): void {
    this.clock += 1;
    if (tag === '*') {
      this.cleared = this.clock;
      this.touched.clear();
      for (const cache of this.caches) cache.clear();
      return;
    }
    if (this.touched.size >= MAX_TOUCHED) {
      this.cleared = this.clock;
      this.touched.clear();
    }
    this.touched.set(tag, this.clock);
    for (const cache of this.caches) cache.drop(tag);
  }

  /** Whether caches may be used now (notices flow). */
  get enabled(): boolean {
    return this.listener.isListening;
  }

  /** The clock now: pass it to `untouchedSince` after a read. */
  get now(): number {
    return this.clock;
  }

  /** Whether none of `tags` was invalidated after `since`. */
  untouchedSince(since: number, tags: readonly string[]): boolean {
    if (this.cleared > since) return false;
    return tags.every((tag) => (this.touched.get(tag) ?? 0) <= since);
  }
}

interface Entry<V> {
  value: V;
  tags: readonly string[];
  at: number;
}

/** One cache of `InstanceCaches`: values by key, each with the tags that invalidate it. */
export class TaggedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly byTag = new Map<string, Set<string>>();
  /** Test and bench hook: answers given from the cache. */
  hits = 0;

  constructor(
    private readonly owner: InstanceCaches,
    private readonly max: number,
    private readonly maxAgeMs: number,
  ) {}

  /**
   * The value at `key`: kept, or `load`ed and kept (unless `load` gives undefined, or one of
   * `tags` was invalidated meanwhile). Values are shared between callers: never mutate one.
   */
  async read(key: string, tags: readonly string[], load: () => Promise<V | undefined>) {
    if (!this.owner.enabled) return load();
    const entry = this.entries.get(key);
    if (entry && Date.now() - entry.at < this.maxAgeMs) {
      // Refresh its place in the least-recently-used order.
      this.entries.delete(key);
      this.entries.set(key, entry);
      this.hits += 1;
      return entry.value;
    }
    const since = this.owner.now;
    const value = await load();
    if (value !== undefined && this.owner.enabled && this.owner.untouchedSince(since, tags))
      this.keep(key, { value, tags, at: Date.now() });
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.byTag.clear();
  }

  drop(tag: string): void {
    const keys = this.byTag.get(tag);
    if (!keys) return;
    this.byTag.delete(tag);
    for (const key of keys) this.remove(key);
  }

  private keep(key: string, entry: Entry<V>): void {
    this.remove(key);
    this.entries.set(key, entry);
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag) ?? new Set<string>();
      keys.add(key);
      this.byTag.set(tag, keys);
    }
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }
}

@Global()
@Module({ providers: [InstanceCaches], exports: [InstanceCaches] })
export class InstanceCachesModule {}
