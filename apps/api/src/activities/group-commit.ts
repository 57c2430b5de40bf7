import { ServiceUnavailableError } from '../common/errors';

/** The most items one group write takes; the rest wait for the next. */
export const GROUP_COMMIT_MAX = 250;
/**
 * How long a write waits at most for the group running before it: then its own starts anyway,
 * so a group held up (by a contest's re-score lock, say) never holds up the writes after it.
 */
export const GROUP_COMMIT_WAIT_MS = 5;

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
 * share one set-based transaction. A write that arrives while none of its key is running starts
 * one at once — alone it costs what it did before, with no added wait; writes that arrive while
 * one runs queue and go together in the next, as soon as it ends, or after GROUP_COMMIT_WAIT_MS
 * if it has not ended by then. Each caller is answered only after the transaction that holds its
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
    private readonly writeGroup: (key: string, items: I[]) => Promise<R[]>,
    private readonly writeOne: (key: string, item: I) => Promise<R>,
    private readonly max = GROUP_COMMIT_MAX,
    private readonly waitMs = GROUP_COMMIT_WAIT_MS,
  ) {}

  submit(key: string, item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let lane = this.lanes.get(key);
      if (!lane) {
        lane = { queue: [], running: 0 };
        this.lanes.set(key, lane);
      }
      lane.queue.push({ item, resolve, reject });
      if (lane.running === 0) this.start(key, lane);
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
    let results: R[];
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
    group.forEach((waiter, i) => waiter.resolve(results[i]));
  }
}
