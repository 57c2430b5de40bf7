import type { Activity, Connection } from '@arena/contracts';
import request from 'supertest';
import { bearer, type Target } from './builders';

/**
 * Polls `read` until `done` holds, or throws with the last value after `timeoutMs`: for the job
 * queue's work (deliveries, syncs, imports), which runs in the background of the app under test.
 */
export async function pollFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 40_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/**
 * What connection tests ask the API as an organisation's admin. `server` is read on each call, so
 * a test that restarts its app keeps using the client.
 */
export function connectionClient(server: () => Target, adminToken: () => string) {
  const admin = () => bearer(adminToken());
  const get = async (id: string) =>
    (await request(server()).get(`/api/connections/${id}`).set(admin()).expect(200))
      .body as Connection;
  const activitiesOf = async (userId: string) =>
    (
      await request(server())
        .get(`/api/activities?userId=${userId}&limit=1000`)
        .set(admin())
        .expect(200)
    ).body.items as Activity[];
  return {
    get,
    activitiesOf,
    /** The rep's activities of `type` that count (not voided). */
    counted: async (userId: string, type: string) =>
      (await activitiesOf(userId)).filter((a) => a.type === type && !a.voidedAt),
    /** Waits for a sync run that ended after `since` (ms). */
    synced: (id: string, since: number) =>
      pollFor(
        () => get(id),
        (c) => !!c.sync?.lastRunAt && Date.parse(c.sync.lastRunAt) >= since && !c.sync.running,
      ),
    syncNow: (id: string) =>
      request(server()).post(`/api/connections/${id}/sync`).set(admin()).expect(202),
  };
}
