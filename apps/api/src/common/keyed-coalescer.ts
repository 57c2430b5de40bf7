import { RequestContext } from './request-context';

export interface KeyedCoalescerOptions<V> {
  /** Two runs for one key start at least this far apart (ms). */
  windowMs: number;
  /**
   * `leading`: a change after a quiet window runs at once, and during a burst the next run starts
   * one window after the previous one started. `trailing`: a change always waits a window first,
   * gathering what follows it.
   */
  edge: 'leading' | 'trailing';
  /**
   * On `stop()`: `flush` runs waiting work now (nothing else would send it); `drop` discards it
   * (for work that start-up makes good anyway). Runs already under way are awaited either way.
   */
  onStop: 'flush' | 'drop';
  /** The work for one key, given the value its changes built up since the last run started. */
  run: (key: string, value: V) => Promise<void> | void;
  /** A failed run is reported here and retried a window later (with its value, unless newer). */
  onError: (key: string, error: unknown) => void;
  /**
   * A run failed while a newer change waited: the value to retry with. Without it the newer value
   * replaces the failed one — right only for values that hold the whole state (not a delta).
   */
  merge?: (failed: V, newer: V) => V;
}

interface Slot<V> {
  waiting?: { value: V };
  timer?: NodeJS.Timeout;
  running: boolean;
}

/** Beyond this many remembered keys, the ones quiet for a window are forgotten. */
const REMEMBERED_KEYS = 10_000;

/**
 * Coalesces changes per key into runs of `run`: at most one run per key at a time and one start
 * per window, and a change made while a run is under way causes one more run — so a burst costs
 * a few runs a second and always ends with a run that saw the final state.
 *
 * Runs are background jobs: each starts in a fresh request context, never in that of whoever
 * made the change, and its timer does not keep the process alive.
 */
export class KeyedCoalescer<V> {
  private readonly slots = new Map<string, Slot<V>>();
  /** When each key's last run started (ms), for the leading edge; pruned when large. */
  private readonly lastStarts = new Map<string, number>();
  private idleWaiters: (() => void)[] = [];
  private stopping = false;

  constructor(private readonly options: KeyedCoalescerOptions<V>) {}

  /** Records a change to `key`; `update` folds it into the value waiting for the next run. */
  notify(key: string, update: (waiting: V | undefined) => V): void {
    if (this.stopping) return;
    if (this.lastStarts.size > REMEMBERED_KEYS) {
      const quietSince = Date.now() - this.options.windowMs;
      for (const [id, at] of this.lastStarts) if (at < quietSince) this.lastStarts.delete(id);
    }
    const slot = this.slots.get(key) ?? { running: false };
    this.slots.set(key, slot);
    slot.waiting = { value: update(slot.waiting?.value) };
    if (!slot.timer && !slot.running) this.schedule(key, slot);
  }

  /** Whether nothing is waiting or running. */
  get idle(): boolean {
    return this.slots.size === 0;
  }

  /**
   * Resolves once nothing is waiting or running — after the run that saw the last change. For
   * tests and shutdown: await background work instead of sleeping.
   */
  whenIdle(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops accepting changes, flushes or drops waiting work (`onStop`) and awaits what runs. */
  async stop(): Promise<void> {
    if (!this.stopping) {
      this.stopping = true;
      for (const [key, slot] of this.slots) {
        clearTimeout(slot.timer);
        slot.timer = undefined;
        if (this.options.onStop === 'drop') slot.waiting = undefined;
        if (slot.running) continue;
        if (slot.waiting) void this.runNow(key);
        else this.slots.delete(key);
      }
      this.settle();
    }
    await this.whenIdle();
  }

  private schedule(key: string, slot: Slot<V>): void {
    const wait =
      this.options.edge === 'trailing'
        ? this.options.windowMs
        : Math.max(0, (this.lastStarts.get(key) ?? 0) + this.options.windowMs - Date.now());
    slot.timer = RequestContext.run(() => setTimeout(() => void this.runNow(key), wait).unref());
  }

  private async runNow(key: string): Promise<void> {
    const slot = this.slots.get(key);
    if (!slot?.waiting || slot.running) return;
    const { value } = slot.waiting;
    slot.timer = undefined;
    slot.waiting = undefined;
    slot.running = true;
    this.lastStarts.set(key, Date.now());
    try {
      await this.options.run(key, value);
    } catch (error) {
      // While stopping there is no next window to retry in, and the failure is the shutdown's.
      if (!this.stopping) {
        // A change made during the run (TypeScript cannot see that across the await).
        const newer = slot.waiting as { value: V } | undefined;
        const { merge } = this.options;
        if (!newer) slot.waiting = { value };
        else if (merge) slot.waiting = { value: merge(value, newer.value) };
        this.options.onError(key, error);
      }
    } finally {
      slot.running = false;
      if (!slot.waiting) this.slots.delete(key);
      else if (this.stopping) void this.runNow(key);
      else this.schedule(key, slot);
      this.settle();
    }
  }

  private settle(): void {
    if (!this.idle) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
