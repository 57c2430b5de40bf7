import { ServiceUnavailableError } from '../common/errors';
import { GroupCommit, Rejected } from './group-commit';

/** A group writer that records the groups it was given and answers after `release()`. */
function writer(fail?: (items: number[]) => Error | null, waitMs = 60_000) {
  const groups: Array<{ key: string; items: number[] }> = [];
  const singles: number[] = [];
  let release: () => void = () => undefined;
  let gate = new Promise<void>((resolve) => (release = resolve));
  const commit = new GroupCommit<number, string>(
    async (key, items) => {
      groups.push({ key, items });
      await gate;
      const error = fail?.(items);
      if (error) throw error;
      return items.map((item) => `${key}:${item}`);
    },
    async (key, item) => {
      singles.push(item);
      if (item < 0) throw new Error(`bad ${item}`);
      return `${key}:${item}:alone`;
    },
    3,
    waitMs,
    1,
  );
  return {
    commit,
    groups,
    singles,
    open() {
      release();
      gate = new Promise<void>((resolve) => (release = resolve));
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('writes a lone item at once, and what arrives meanwhile together in the next group', async () => {
    const w = writer();
    const first = w.commit.submit('org', 1);
    await settle();
    expect(w.groups).toEqual([{ key: 'org', items: [1] }]);
    const rest = [2, 3, 4, 5].map((item) => w.commit.submit('org', item));
    await settle();
    expect(w.groups).toHaveLength(1); // nothing else starts while the first runs
    w.open();
    expect(await first).toBe('org:1');
    await settle();
    // At most 3 a group: 2, 3, 4 together; 5 after them.
    expect(w.groups.map((g) => g.items)).toEqual([[1], [2, 3, 4]]);
    w.open();
    await settle();
    w.open();
    expect(await Promise.all(rest)).toEqual(['org:2', 'org:3', 'org:4', 'org:5']);
    expect(w.groups.map((g) => g.items)).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('starts the next group after the wait when the one before is held up', async () => {
    const w = writer(undefined, 5);
    const held = w.commit.submit('org', 1);
    await settle();
    const later = [2, 3].map((item) => w.commit.submit('org', item));
    await new Promise((resolve) => setTimeout(resolve, 30));
    // The first is still running; the next started anyway, with what had queued.
    expect(w.groups.map((g) => g.items)).toEqual([[1], [2, 3]]);
    w.open();
    expect(await held).toBe('org:1');
    expect(await Promise.all(later)).toEqual(['org:2', 'org:3']);
  });

  it('keeps keys apart: each organisation has its own groups, running side by side', async () => {
    const w = writer();
    const a = w.commit.submit('a', 1);
    const b = w.commit.submit('b', 2);
    await settle();
    expect(w.groups).toEqual([
      { key: 'a', items: [1] },
      { key: 'b', items: [2] },
    ]);
    w.open();
    expect(await Promise.all([a, b])).toEqual(['a:1', 'b:2']);
  });

  it('after a failed group writes each item alone, so only the bad one fails', async () => {
    const w = writer((items) =>
      items.some((item) => item < 0) ? new Error('group failed') : null,
    );
    const blocker = w.commit.submit('org', 0);
    await settle();
    const good = w.commit.submit('org', 7);
    const bad = w.commit.submit('org', -1);
    w.open();
    await blocker;
    await settle();
    w.open();
    await expect(good).resolves.toBe('org:7:alone');
    await expect(bad).rejects.toThrow('bad -1');
    expect(w.singles.sort()).toEqual([-1, 7]);
  });

  it('shares a 503 with the whole group and writes nothing again', async () => {
    const busy = new ServiceUnavailableError('busy', 1);
    const w = writer((items) => (items.length > 1 ? busy : null));
    const blocker = w.commit.submit('org', 0);
    await settle();
    const waiting = [1, 2].map((item) => w.commit.submit('org', item));
    w.open();
    await blocker;
    await settle();
    w.open();
    for (const result of waiting) await expect(result).rejects.toBe(busy);
    expect(w.singles).toEqual([]);
  });

  it('answers a lone failed item with its own error, without a second write', async () => {
    const w = writer(() => new Error('no'));
    const only = w.commit.submit('org', 1);
    w.open();
    await expect(only).rejects.toThrow('no');
    expect(w.singles).toEqual([]);
  });

  it('refuses an item the group answers Rejected for, and answers the others', async () => {
    const singles: number[] = [];
    const commit = new GroupCommit<number, string>(
      async (_key, items) =>
        items.map((item) => (item < 0 ? new Rejected(new Error(`bad ${item}`)) : `ok ${item}`)),
      async (_key, item) => {
        singles.push(item);
        return 'alone';
      },
    );
    const results = await Promise.allSettled([1, -2, 3].map((item) => commit.submit('org', item)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : String(r.reason)))).toEqual([
      'ok 1',
      'Error: bad -2',
      'ok 3',
    ]);
    expect(singles).toEqual([]);
  });

  it('runs up to `parallel` groups of a key at once, then queues', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const groups: number[][] = [];
    const commit = new GroupCommit<number, number>(
      async (_key, items) => {
        groups.push(items);
        await gate;
        return items;
      },
      async (_key, item) => item,
      10,
      60_000,
      2,
    );
    const all = [1, 2, 3, 4].map((item) => commit.submit('org', item));
    await settle();
    expect(groups).toEqual([[1], [2]]);
    release();
    expect(await Promise.all(all)).toEqual([1, 2, 3, 4]);
    expect(groups).toEqual([[1], [2], [3, 4]]);
  });
});
