import { ServiceUnavailableError } from '../common/errors';

/** The most items one group write takes; the rest wait for the next. */
export const GROUP_COMMIT_MAX = 250;
/**
 * How long a write waits at most for the group running before it: then its own starts anyway,
 * so a group held up (by a contest's re-score lock, say) never holds up the writes after it.
 * Longer than a group takes under load (a few round trips, ~10–40 ms on a busy machine): at
 * 5 ms, a loaded lane started a new group every 5 ms beside the running ones, and 16 concurrent
 * writers went as ~10 groups of one or two — a transaction each, not one shared.
 */
export const GROUP_COMMIT_WAIT_MS = 100;

/**
 * How many groups of one key may run at once before writes queue for the next: a group's
 * transaction is a few round trips, each waiting on the database; with one group at a time a
 * loaded machine's lane was bound by that latency (16 writers: ~85/s), and with one per write
 * by the fixed cost of each transaction. A few in flight keep both cores busy and the groups big.
 */
export const GROUP_COMMIT_PARALLEL = 4;

/** A group writer's answer for one item that failed on its own (the others still commit). */
export class Rejected {
  constructor(readonly error: unknown) {}
}

interface Waiter<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

interface Lane<I, R> {
  queue: Array<Waiter<I, R>>;
  running: number;
  timer?: NodeJS.Timeout;
}

/**
 * Group commit for single writes (issue 14): concurrent writes under one key (an organisation)
 * share one set-based transaction. A write that arrives while fewer than `parallel` groups of its
 * key run starts one at once — alone it costs what it did before, with no added wait; writes that
 * arrive while that many run queue and go together in the next, as soon as one ends, or after
 * GROUP_COMMIT_WAIT_MS if none has ended by then. Each caller is answered only after the transaction that holds its
 * item committed.
 *
 * When a group transaction fails, its items are written one by one (`writeOne`), so one item's
 * error (a foreign key, a check) fails only its own request — except a 503
 * (ServiceUnavailableError), which all share: the database was busy or unreachable, and after a
 * connection lost during COMMIT nothing may be written again (an item without an externalId
 * would be counted twice).
 */
export class GroupCommit<I, R> {
  private readonly lanes = new Map<string, Lane<I, R>>();

  constructor(
    /** One answer per item, in order: a result, or `Rejected` for an item refused alone. */
    private readonly writeGroup: (key: string, items: I[]) => Promise<Array<R | Rejected>>,
    private readonly writeOne: (key: string, item: I) => Promise<R>,
    private readonly max = GROUP_COMMIT_MAX,
    private readonly waitMs = GROUP_COMMIT_WAIT_MS,
    private readonly parallel = GROUP_COMMIT_PARALLEL,
  ) {}

  submit(key: string, item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let lane = this.lanes.get(key);
      if (!lane) {
        lane = { queue: [], running: 0 };
        this.lanes.set(key, lane);
      }
      lane.queue.push({ item, resolve, reject });
      if (lane.running < this.parallel) this.start(key, lane);
      else lane.timer ??= setTimeout(() => this.start(key, lane), this.waitMs);
    });
  }

  /** Starts a group of what is queued (up to `max`; more queued arm the timer again). */
  private start(key: string, lane: Lane<I, R>): void {
    clearTimeout(lane.timer);
    lane.timer = undefined;
    if (lane.queue.length === 0) return;
    const group = lane.queue.splice(0, this.max);
    lane.running += 1;
    if (lane.queue.length > 0) lane.timer = setTimeout(() => this.start(key, lane), this.waitMs);
    void this.write(key, group).finally(() => {
      lane.running -= 1;
      if (lane.queue.length > 0) this.start(key, lane);
      else if (lane.running === 0 && this.lanes.get(key) === lane) this.lanes.delete(key);
    });
  }

  private async write(key: string, group: Array<Waiter<I, R>>): Promise<void> {
    let results: Array<R | Rejected>;
    try {
      results = await this.writeGroup(
        key,
        group.map((waiter) => waiter.item),
      );
    } catch (error) {
      if (group.length === 1 || error instanceof ServiceUnavailableError) {
        for (const waiter of group) waiter.reject(error);
        return;
      }
      // Which item failed is unknown: each is written on its own, and answers for itself.
      await Promise.all(
        group.map((waiter) => this.writeOne(key, waiter.item).then(waiter.resolve, waiter.reject)),
      );
      return;
    }
    group.forEach((waiter, i) => {
      const result = results[i];
      if (result instanceof Rejected) waiter.reject(result.error);
      else waiter.resolve(result);
    });
  }
}
