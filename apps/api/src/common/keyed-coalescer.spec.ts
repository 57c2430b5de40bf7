import { KeyedCoalescer, type KeyedCoalescerOptions } from './keyed-coalescer';
import { RequestContext, type ApiKeyPrincipal } from './request-context';

const WINDOW = 100;

/** A coalescer whose runs are recorded (start time, key, value) and can be held open. */
function recorder<V>(options: Partial<KeyedCoalescerOptions<V>> = {}) {
  const runs: { at: number; key: string; value: V }[] = [];
  const errors: unknown[] = [];
  let hold: Promise<void> | null = null;
  let failures = 0;
  const coalescer = new KeyedCoalescer<V>({
    windowMs: WINDOW,
    edge: 'leading',
    onStop: 'flush',
    run: async (key, value) => {
      runs.push({ at: Date.now(), key, value });
      if (hold) await hold;
      if (failures > 0) {
        failures--;
        throw new Error('boom');
      }
    },
    onError: (_key, error) => errors.push(error),
    ...options,
  });
  return {
    coalescer,
    runs,
    errors,
    set: (key: string, value: V) => coalescer.notify(key, () => value),
    holdRuns: () => {
      let release!: () => void;
      hold = new Promise((resolve) => (release = resolve));
      return () => {
        hold = null;
        release();
      };
    },
    failNext: (count: number) => (failures = count),
  };
}

/** Lets (fake) time pass until the coalescer is idle; the timers are fake, so this is instant. */
async function drain(coalescer: { readonly idle: boolean }): Promise<void> {
  for (let step = 0; !coalescer.idle; step++) {
    if (step > 1000) throw new Error('never idle');
    await jest.advanceTimersByTimeAsync(10);
  }
}

describe('KeyedCoalescer', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('runs at once after a quiet spell (leading edge), with the latest value', async () => {
    const { coalescer, runs, set } = recorder<number>();
    set('a', 1);
    set('a', 2);
    await jest.advanceTimersByTimeAsync(0);
    expect(runs).toEqual([{ at: 1_000_000, key: 'a', value: 2 }]);
    expect(coalescer.idle).toBe(true);
    // A change within the window of that run waits for the window to end.
    set('a', 3);
    await jest.advanceTimersByTimeAsync(WINDOW - 1);
    expect(runs).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(runs.map((run) => [run.at - 1_000_000, run.value])).toEqual([
      [0, 2],
      [WINDOW, 3],
    ]);
  });

  it('spaces runs a window apart during a burst and ends on the final state', async () => {
    const { coalescer, runs, set } = recorder<number>();
    for (let i = 1; i <= 100; i++) {
      set('a', i);
      await jest.advanceTimersByTimeAsync(10);
    }
    await drain(coalescer);
    const gaps = runs.slice(1).map((run, i) => run.at - runs[i].at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(WINDOW);
    expect(runs.length).toBeLessThanOrEqual(1000 / WINDOW + 1);
    expect(runs.at(-1)?.value).toBe(100);
  });

  it('waits a window before each run on the trailing edge, folding changes together', async () => {
    const { coalescer, runs } = recorder<number[]>({ edge: 'trailing' });
    coalescer.notify('a', (waiting = []) => [...waiting, 1]);
    coalescer.notify('a', (waiting = []) => [...waiting, 2]);
    await jest.advanceTimersByTimeAsync(WINDOW - 1);
    expect(runs).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(runs.map((run) => run.value)).toEqual([[1, 2]]);
    coalescer.notify('a', (waiting = []) => [...waiting, 3]);
    await jest.advanceTimersByTimeAsync(WINDOW);
    expect(runs.map((run) => run.value)).toEqual([[1, 2], [3]]);
  });

  it('never overlaps runs of one key, and a change during a run causes exactly one more', async () => {
    const { coalescer, runs, set, holdRuns } = recorder<number>();
    const release = holdRuns();
    set('a', 1);
    await jest.advanceTimersByTimeAsync(0);
    set('a', 2);
    set('a', 3);
    await jest.advanceTimersByTimeAsync(5 * WINDOW);
    expect(runs.map((run) => run.value)).toEqual([1]);
    release();
    await drain(coalescer);
    expect(runs.map((run) => run.value)).toEqual([1, 3]);
  });

  it('keeps keys apart', async () => {
    const { coalescer, runs, set } = recorder<number>();
    set('a', 1);
    set('b', 2);
    await drain(coalescer);
    expect(runs.map((run) => [run.key, run.value, run.at])).toEqual([
      ['a', 1, 1_000_000],
      ['b', 2, 1_000_000],
    ]);
  });

  it('reports a failed run and retries it a window later with its value', async () => {
    const { coalescer, runs, errors, set, failNext } = recorder<number>();
    failNext(1);
    set('a', 7);
    await drain(coalescer);
    expect(errors).toHaveLength(1);
    expect(runs.map((run) => [run.at - 1_000_000, run.value])).toEqual([
      [0, 7],
      [WINDOW, 7],
    ]);
  });

  it('retries a failed run with what changed during it, merged when told how', async () => {
    for (const merge of [undefined, (failed: number[], newer: number[]) => [...failed, ...newer]]) {
      const { coalescer, runs, set, failNext, holdRuns } = recorder<number[]>({ merge });
      failNext(1);
      const release = holdRuns();
      set('a', [1]);
      await jest.advanceTimersByTimeAsync(0);
      set('a', [2]); // arrives while the failing run is under way
      release();
      await drain(coalescer);
      expect(runs.map((run) => run.value)).toEqual([[1], merge ? [1, 2] : [2]]);
    }
  });

  it('signals idle only after the run that saw the last change', async () => {
    const { coalescer, runs, set } = recorder<number>({ edge: 'trailing' });
    await expect(coalescer.whenIdle()).resolves.toBeUndefined();
    set('a', 1);
    let idle = false;
    void coalescer.whenIdle().then(() => (idle = true));
    await jest.advanceTimersByTimeAsync(WINDOW / 2);
    expect(idle).toBe(false);
    set('a', 2);
    await jest.advanceTimersByTimeAsync(WINDOW / 2);
    expect(idle).toBe(true);
    expect(runs.map((run) => run.value)).toEqual([2]);
  });

  it('on stop, flushes waiting work now, awaits running work and ignores later changes', async () => {
    const { coalescer, runs, set, holdRuns } = recorder<number>({ edge: 'trailing' });
    const release = holdRuns();
    set('a', 1);
    await jest.advanceTimersByTimeAsync(WINDOW); // 'a' is running
    set('a', 2); // …and changed again meanwhile
    set('b', 1); // waiting for its window
    let stopped = false;
    const stopping = coalescer.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(runs.map((run) => [run.key, run.value])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    expect(stopped).toBe(false);
    release();
    await stopping;
    // The change made during the run was flushed at once, not a window later.
    expect(runs.map((run) => [run.key, run.value, run.at - 1_000_000])).toEqual([
      ['a', 1, WINDOW],
      ['b', 1, WINDOW],
      ['a', 2, WINDOW],
    ]);
    set('a', 3);
    await jest.advanceTimersByTimeAsync(10 * WINDOW);
    expect(runs).toHaveLength(3);
    expect(coalescer.idle).toBe(true);
  });

  it('on stop, drops waiting work when told to', async () => {
    const { coalescer, runs, set } = recorder<number>({ edge: 'trailing', onStop: 'drop' });
    set('a', 1);
    await coalescer.stop();
    await jest.advanceTimersByTimeAsync(10 * WINDOW);
    expect(runs).toHaveLength(0);
  });

  it('runs outside the request context of whoever made the change', async () => {
    const seen: string[] = [];
    const coalescer = new KeyedCoalescer<number>({
      windowMs: WINDOW,
      edge: 'leading',
      onStop: 'flush',
      run: () => {
        try {
          seen.push(RequestContext.orgId());
        } catch {
          seen.push('no principal');
        }
      },
      onError: () => undefined,
    });
    const caller: ApiKeyPrincipal = {
      kind: 'api-key',
      apiKeyId: 'k',
      orgId: 'org-1',
      role: 'api-key',
      scopes: [],
    };
    RequestContext.run(() => coalescer.notify('a', () => 1), caller);
    await drain(coalescer);
    expect(seen).toEqual(['no principal']);
  });
});
