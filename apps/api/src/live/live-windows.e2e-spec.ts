import type { Leaderboard, LeaderboardEntry, LiveWindow } from '@arena/contracts';
import { isDeepStrictEqual } from 'node:util';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { addUser, bearer, logActivity, signupOrg, type UserFixture } from '../../test/builders';
import {
  closeLive,
  connectLive,
  FollowedBoard,
  subscribe,
  type LiveClientSocket,
} from '../../test/live-client';
import { startTestApp, type TestApp } from '../../test/test-app';
import { LeaderboardStream } from './leaderboard-stream';
import { LiveWindows } from './live-windows';

const DAY = 86_400_000;
const PARTICIPANTS = 2_000;
const SIGNED_IN_REPS = 5;

/** A seeded random generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('live windows on a large board', () => {
  let t: TestApp;
  const sockets: LiveClientSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await closeLive(sockets.splice(0));
    await t.close();
  });

  it('keeps 50 sockets with different windows exact through a burst, reading only what changed', async () => {
    const org = await signupOrg(t.server);
    const manager = await addUser(t.server, org, 'manager');
    const reps: UserFixture[] = [];
    for (let i = 0; i < SIGNED_IN_REPS; i++)
      reps.push(await addUser(t.server, org, 'rep', { name: `Rep ${i}` }));
    // The rest of the floor straight into the table: signing 2,000 reps in would test hashing.
    const seeded: Array<{ id: string }> = await t.app.get(DataSource).query(
      `INSERT INTO users (org_id, email, name, role, password_hash)
       SELECT $1::uuid, 'rep' || i || '-' || $1::text || '@example.test', 'Rep ' || i, 'rep', 'x'
       FROM generate_series($2::int, $3::int) AS i RETURNING id`,
      [org.org.id, SIGNED_IN_REPS, PARTICIPANTS - 1],
    );
    const ids = [...reps.map((rep) => rep.user.id), ...seeded.map((row) => row.id)];
    const contest = (
      await request(t.server)
        .post('/api/contests')
        .set(bearer(manager.token))
        .send({
          name: 'The whole floor',
          startsAt: new Date(Date.now() - DAY).toISOString(),
          endsAt: new Date(Date.now() + DAY).toISOString(),
          participantIds: ids,
          rules: [
            { activityType: 'call', pointsPerUnit: 1 },
            { activityType: 'demo', pointsPerUnit: 2.5 },
          ],
          goalPoints: 40,
        })
        .expect(201)
    ).body as { id: string };
    await request(t.server)
      .post(`/api/contests/${contest.id}/publish`)
      .set(bearer(manager.token))
      .expect(200);

    const rand = random(14);
    const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)];
    const activity = () => ({
      type: rand() < 0.7 ? 'call' : 'demo',
      quantity: 1 + Math.floor(rand() * 3),
      userId: rand() < 0.3 ? pick(ids.slice(0, 60)) : pick(ids),
      occurredAt: new Date(Date.now() - Math.floor(rand() * DAY * 0.9)).toISOString(),
    });
    const batch = async (size: number) => {
      const res = await request(t.server)
        .post('/api/activities/batch')
        .set(bearer(manager.token))
        .send({ activities: Array.from({ length: size }, activity) });
      if (res.status !== 201) throw new Error(`${res.status}: ${JSON.stringify(res.body)}`);
      return res.body as { activities: Array<{ id: string }> };
    };
    // A board with a spread of scores (and ties) before anyone watches.
    for (let i = 0; i < 5; i++) await batch(200);
    await t.app.get(LeaderboardStream).whenIdle();

    const windows: Array<{ token: string; me?: string; window?: LiveWindow }> = [
      ...Array.from({ length: 10 }, () => ({ token: manager.token })),
      ...Array.from({ length: 10 }, () => ({ token: manager.token, window: { top: 10 } })),
      ...reps.map((rep) => ({
        token: rep.token,
        me: rep.user.id,
        window: { top: 5, around: 'me', aroundCount: 3 },
      })),
      ...reps.map((rep) => ({ token: rep.token, me: rep.user.id })),
      ...Array.from({ length: 20 }, (_, i) => ({
        token: manager.token,
        window: { top: i % 3, around: pick(ids), aroundCount: i % 6 },
      })),
    ];
    const followed: Array<{ board: FollowedBoard; me?: string; window?: LiveWindow }> = [];
    for (const { token, me, window } of windows) {
      // Reconnecting, as every real client does: on a loaded machine a ping can time out.
      const socket = await connectLive(t.baseUrl, token, { reconnection: true });
      sockets.push(socket);
      followed.push({ board: await FollowedBoard.follow(socket, contest.id, window), me, window });
    }
    expect(followed).toHaveLength(50);
    const ack = await subscribe(sockets[0], contest.id);
    expect(ack.ok && ack.leaderboard.entries).toHaveLength(100);
    expect(ack.ok && ack.leaderboard.total).toBe(PARTICIPANTS);

    // The burst: batches, single activities and a void, concurrently.
    const stream = t.app.get(LeaderboardStream);
    const live = t.app.get(LiveWindows);
    const numberedBefore = stream.numbered;
    const readBefore = stream.rowsRead + live.rowsRead;
    const boardsBefore = live.boardsRead;
    const singles = Array.from({ length: 20 }, activity);
    const [, , recorded] = await Promise.all([
      batch(200),
      batch(200),
      batch(200),
      Promise.all(singles.map((body) => logActivity(t.server, manager.token, body))),
    ]);
    await request(t.server)
      .post(`/api/activities/${recorded.activities[0].id}/void`)
      .set(bearer(manager.token))
      .send({ reason: 'logged twice' })
      .expect(200);
    await stream.whenIdle();

    // Every client ends on exactly its window of the REST board.
    const expectExact = async () => {
      const board = await restBoard(t, manager.token, contest.id);
      for (const { board: client, me, window } of followed) {
        const expected = windowOf(board, window, me);
        const reached = await client
          .until((b) => b.total === PARTICIPANTS && isDeepStrictEqual(b.entries, expected), 15_000)
          .catch(() => client.board!);
        // On a failure, say which window and which entries differ rather than print two boards.
        const brief = (entries: LeaderboardEntry[]) =>
          entries.map((e) => `${e.participant.name}#${e.rank}:${e.points}`).join(' ');
        expect({ window, me, seq: reached.seq, entries: brief(reached.entries) }).toEqual({
          window,
          me,
          seq: reached.seq,
          entries: brief(expected),
        });
        expect(reached.entries).toEqual(expected);
        // Every update applied where it said (`since`): no gap, no resync but for a reconnect.
        expect(client.gaps).toBe(0);
        expect(client.resyncs).toBe(1 + client.reconnects);
      }
      return board;
    };
    const board = await expectExact();
    // Updates to windowless followers carry the top 100 at most, never the board.
    for (const update of followed[0].board.updates)
      expect(update.entries.length + update.removed.length).toBeLessThanOrEqual(200);

    // Work per update follows the change: one more activity, far down the board.
    const last = board.entries[board.entries.length - 1].participant.id;
    const flushes = stream.numbered - numberedBefore;
    expect(flushes).toBeGreaterThan(0);
    const readDuringBurst = stream.rowsRead + live.rowsRead - readBefore;
    // Each flush: the top 100, the changed entries, and the windows they touched — far below
    // the 2,000-entry board that every flush used to read.
    expect(readDuringBurst / flushes).toBeLessThan(PARTICIPANTS / 2);
    const before = { stream: stream.rowsRead, live: live.rowsRead, numbered: stream.numbered };
    const topsKept = stream.topsKept;
    await logActivity(t.server, manager.token, { type: 'call', quantity: 1, userId: last });
    await stream.whenIdle();
    expect(stream.numbered - before.numbered).toBe(1);
    // The change stayed far below the top 100: the top is kept, only the changed entry is read.
    expect(stream.topsKept).toBeGreaterThan(topsKept);
    expect(stream.rowsRead - before.stream).toBe(1);
    // The windows are cut from the instance's copy of the board, patched with the changed
    // entries: nothing is read for them, during the burst (a void, a score going down, included)
    // or after it.
    expect(live.boardsRead).toBe(boardsBefore);
    expect(live.rowsRead).toBe(before.live);

    // A jump from the bottom to the top crosses nearly every window: still nothing read.
    await logActivity(t.server, manager.token, { type: 'demo', quantity: 100, userId: last });
    await stream.whenIdle();
    expect(live.boardsRead).toBe(boardsBefore);
    expect(live.rowsRead).toBe(before.live);
    await expectExact();
  }, 240_000);
});

/** The whole board through the REST API, page by page. */
async function restBoard(t: TestApp, token: string, contestId: string): Promise<Leaderboard> {
  const entries: LeaderboardEntry[] = [];
  let total = Infinity;
  while (entries.length < total) {
    const page = (
      await request(t.server)
        .get(`/api/contests/${contestId}/leaderboard?limit=1000&offset=${entries.length}`)
        .set(bearer(token))
        .expect(200)
    ).body as Leaderboard;
    total = page.total;
    entries.push(...page.entries);
  }
  return { contestId, seq: 0, entries, total };
}

/** What a subscriber with `window` should hold of `board` (SPEC §5, `LiveWindow`). */
function windowOf(board: Leaderboard, window: LiveWindow | undefined, me?: string) {
  const around = window?.around === 'me' ? me : window?.around;
  const top = window?.top ?? (around ? 0 : 100);
  const picked = new Set<string>();
  board.entries.slice(0, top).forEach((e) => picked.add(e.participant.id));
  if (around) {
    const at = board.entries.findIndex((e) => e.participant.id === around);
    const k = window?.aroundCount ?? 5;
    board.entries
      .slice(Math.max(0, at - k), at + k + 1)
      .forEach((e) => picked.add(e.participant.id));
  }
  if (me) picked.add(me);
  return board.entries.filter((e) => picked.has(e.participant.id));
}
