import type {
  Celebration,
  Contest,
  ContestEvent,
  Leaderboard,
  LiveActivityBatch,
} from '@arena/contracts';
import { LIVE_COALESCE_MS } from '@arena/contracts';
import request from 'supertest';
import {
  addUser,
  bearer,
  logActivity,
  signupOrg,
  type OrgFixture,
  type UserFixture,
} from '../../test/builders';
import {
  closeLive,
  connectLive,
  FollowedBoard,
  refusalOf,
  subscribe,
  type LiveClientSocket,
} from '../../test/live-client';
import { startTestApp, type TestApp } from '../../test/test-app';
import { ActivityFeed } from './activity-feed';
import { LeaderboardStream } from './leaderboard-stream';
import { SUBSCRIBE_LIMIT } from './live.gateway';

const DAY = 86_400_000;

describe('live updates over socket.io', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let manager: UserFixture;
  let reps: UserFixture[];
  let contest: Contest;
  const sockets: LiveClientSocket[] = [];

  const connect = async (token: string | undefined, options?: { reconnection?: boolean }) => {
    const socket = await connectLive(base, token, options);
    sockets.push(socket);
    return socket;
  };
  const restBoard = async (contestId = contest.id) =>
    (
      await request(t.server)
        .get(`/api/contests/${contestId}/leaderboard`)
        .set(bearer(manager.token))
        .expect(200)
    ).body as Leaderboard;
  const next = <T>(
    socket: LiveClientSocket,
    event: 'celebration' | 'contest' | 'activity',
    match: (payload: T) => boolean,
  ) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching ${event} event`)), 10_000);
      const handler = (payload: T) => {
        if (!match(payload)) return;
        clearTimeout(timer);
        socket.off(event, handler as never);
        resolve(payload);
      };
      socket.on(event, handler as never);
    });

  beforeAll(async () => {
    t = await startTestApp();
    const address = t.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  beforeEach(async () => {
    org = await signupOrg(t.server);
    manager = await addUser(t.server, org, 'manager');
    reps = [];
    for (const name of ['Ada', 'Ben', 'Cy'])
      reps.push(await addUser(t.server, org, 'rep', { name }));
    const created = (
      await request(t.server)
        .post('/api/contests')
        .set(bearer(manager.token))
        .send({
          name: 'Live',
          startsAt: new Date(Date.now() - DAY).toISOString(),
          endsAt: new Date(Date.now() + DAY).toISOString(),
          participantIds: reps.map((rep) => rep.user.id),
          rules: [
            { activityType: 'call', pointsPerUnit: 1 },
            { activityType: 'deal_won', pointsPerUnit: 50 },
          ],
          goalPoints: 100,
        })
        .expect(201)
    ).body;
    contest = (
      await request(t.server)
        .post(`/api/contests/${created.id}/publish`)
        .set(bearer(manager.token))
        .expect(200)
    ).body;
  });
  afterEach(() => closeLive(sockets.splice(0)));
  afterAll(() => t.close());

  it('refuses a handshake without a valid token', async () => {
    const missing = await refusalOf(connect(undefined));
    expect(missing.message).toMatch(/unauthorized/);
    expect(missing.data).toEqual({ code: 'unauthenticated' });
    // A token that is not one of ours at all: the caller was never signed in.
    expect((await refusalOf(connect('not-a-token'))).data).toEqual({ code: 'unauthenticated' });
    await request(t.server)
      .patch(`/api/users/${reps[2].user.id}`)
      .set(bearer(org.adminToken))
      .send({ active: false })
      .expect(200);
    const inactive = await refusalOf(connect(reps[2].token));
    expect(inactive.message).toMatch(/no longer active/);
    expect(inactive.data).toEqual({ code: 'session_ended' });
  });

  it("refuses a subscription to another organisation's contest, or one a rep is not in", async () => {
    const other = await signupOrg(t.server);
    const stranger = await connect(other.adminToken);
    expect(await subscribe(stranger, contest.id)).toEqual({
      ok: false,
      code: 'not_found',
      error: 'Contest not found',
    });
    const outsider = await addUser(t.server, org, 'rep');
    expect(await subscribe(await connect(outsider.token), contest.id)).toEqual({
      ok: false,
      code: 'not_found',
      error: 'Contest not found',
    });
    expect(await subscribe(stranger, 'not-an-id')).toEqual({
      ok: false,
      code: 'invalid_input',
      error: 'Send { contestId } with a contest id.',
    });
    expect(await stranger.timeout(5000).emitWithAck('unsubscribe', { contestId: 'x' })).toEqual({
      ok: false,
      code: 'invalid_input',
      error: 'Send { contestId } with a contest id.',
    });
    const ack = await subscribe(await connect(reps[0].token), contest.id);
    expect(ack).toMatchObject({ ok: true, leaderboard: { contestId: contest.id, total: 3 } });
  });

  it('sends a snapshot, then numbered updates that rebuild the exact board', async () => {
    const followed = await FollowedBoard.follow(await connect(manager.token), contest.id);
    const start = followed.board!.seq;
    await logActivity(t.server, reps[1].token, { type: 'call', quantity: 7 });
    const board = await followed.until((b) => b.entries[0]?.points === 7);
    expect(board.seq).toBe(start + 1);
    const [ada, ben, cy] = ['Ada', 'Ben', 'Cy'].map(
      (name) => followed.board!.entries.find((e) => e.participant.name === name)!.participant.id,
    );
    expect(followed.updates[0].entries).toEqual([
      { id: ben, points: 7, breakdown: [expect.objectContaining({ points: 7 })] },
      { id: ada, rank: 2, movement: -1 },
      { id: cy, rank: 2, movement: -1 },
    ]);
    expect(board.entries).toEqual((await restBoard()).entries);
  });

  it('coalesces a burst of activities into a few updates that end on the exact board', async () => {
    // Big enough to span several coalescing windows, small enough to stay quick on a busy
    // machine: what is tested is the coalescing, not throughput (bench:live measures that).
    const BURST = 120;
    const SENDERS = 10;
    const socket = await connect(manager.token);
    const followed = await FollowedBoard.follow(socket, contest.id);
    const feed: LiveActivityBatch[] = [];
    let counted = 0;
    let everyActivityFed: () => void = () => undefined;
    const fed = new Promise<void>((resolve) => (everyActivityFed = resolve));
    socket.on('activity', (batch) => {
      feed.push(batch);
      counted += batch.total;
      if (counted >= BURST) everyActivityFed();
    });
    const started = Date.now();
    let sent = 0;
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (sent < BURST) {
          const i = sent++;
          await logActivity(t.server, manager.token, {
            type: 'call',
            quantity: 1,
            userId: reps[i % 3].user.id,
          });
        }
      }),
    );
    const elapsed = Date.now() - started;
    const board = await followed.until(
      (b) => b.entries.reduce((sum, e) => sum + e.points, 0) === BURST,
    );
    expect(board.entries).toEqual((await restBoard()).entries);
    expect(board.entries.map((e) => e.points)).toEqual([40, 40, 40]);
    // At most one update per coalescing window while the burst lasted, plus the trailing one.
    expect(followed.updates.length).toBeLessThanOrEqual(Math.ceil(elapsed / LIVE_COALESCE_MS) + 2);
    // However slow the machine, concurrent senders put several activities in each update.
    expect(followed.updates.length).toBeLessThan(BURST / 2);
    expect(followed.resyncs).toBe(1);
    // The feed: one batch per window with the latest few, counting every activity once (the
    // last batch is the one that reaches the count; the feed has gone quiet once it is idle).
    await fed;
    await t.app.get(ActivityFeed).whenIdle();
    expect(counted).toBe(BURST);
    expect(Math.max(...feed.map((batch) => batch.activities.length))).toBeLessThanOrEqual(5);
    expect(feed.length).toBeLessThanOrEqual(Math.ceil(elapsed / LIVE_COALESCE_MS) + 2);
  });

  it('re-subscribes for a fresh snapshot when it sees a gap', async () => {
    const followed = await FollowedBoard.follow(await connect(manager.token), contest.id);
    followed.dropNext = 1;
    await logActivity(t.server, reps[0].token, { type: 'call', quantity: 3 });
    // The first update (dropped by the client) has gone out before the second change is made.
    await t.app.get(LeaderboardStream).whenIdle();
    await logActivity(t.server, reps[2].token, { type: 'call', quantity: 5 });
    const board = await followed.until(
      (b) => b.entries[0]?.points === 5 && b.entries[1]?.points === 3,
    );
    expect(followed.resyncs).toBe(2);
    expect(board.entries).toEqual((await restBoard()).entries);
  });

  it('celebrates deals, goals and new leaders, and feeds activities', async () => {
    const socket = await connect(manager.token);
    await FollowedBoard.follow(socket, contest.id);
    const feed = next<LiveActivityBatch>(socket, 'activity', (batch) =>
      batch.activities.some((a) => a.type === 'deal_won'),
    );
    const deal = next<Celebration>(socket, 'celebration', (c) => c.kind === 'deal_won');
    const goal = next<Celebration>(socket, 'celebration', (c) => c.kind === 'goal_reached');
    const leader = next<Celebration>(socket, 'celebration', (c) => c.kind === 'new_leader');
    await logActivity(t.server, reps[0].token, { type: 'deal_won', quantity: 2 });
    expect(await feed).toEqual({
      contestId: contest.id,
      total: 1,
      activities: [
        expect.objectContaining({ userName: 'Ada', quantity: 2, contestIds: [contest.id] }),
      ],
    });
    expect(await deal).toMatchObject({
      contestId: contest.id,
      participant: { name: 'Ada' },
      message: 'Ada won a deal!',
    });
    expect(await goal).toMatchObject({
      participant: { name: 'Ada' },
      message: 'Ada reached the goal of 100 points!',
    });
    expect(await leader).toMatchObject({
      participant: { name: 'Ada' },
      message: 'Ada takes the lead with 100 points!',
    });
  });

  it('announces contest changes to the organisation', async () => {
    const socket = await connect(reps[0].token);
    const edited = next<ContestEvent>(socket, 'contest', (e) => e.change === 'edited');
    await request(t.server)
      .patch(`/api/contests/${contest.id}`)
      .set(bearer(manager.token))
      .send({ name: 'Live, renamed' })
      .expect(200);
    expect(await edited).toMatchObject({
      contestId: contest.id,
      contest: { name: 'Live, renamed', status: 'live' },
    });
  });

  it('rate-limits subscriptions per socket', async () => {
    const socket = await connect(manager.token);
    const acks = [];
    for (let i = 0; i <= SUBSCRIBE_LIMIT.count; i++) acks.push(await subscribe(socket, contest.id));
    expect(acks.slice(0, SUBSCRIBE_LIMIT.count).every((ack) => ack.ok)).toBe(true);
    expect(acks[SUBSCRIBE_LIMIT.count]).toEqual({
      ok: false,
      code: 'rate_limited',
      error: expect.stringMatching(/Too many subscriptions/),
    });
  });

  it('disconnects a user who is deactivated', async () => {
    const socket = await connect(reps[1].token);
    const gone = new Promise((resolve) => socket.once('disconnect', resolve));
    await request(t.server)
      .patch(`/api/users/${reps[1].user.id}`)
      .set(bearer(org.adminToken))
      .send({ active: false })
      .expect(200);
    await expect(gone).resolves.toBe('io server disconnect');
  });
});
