import type { HealthResponse, Leaderboard, ReadinessResponse } from '@arena/contracts';
import request from 'supertest';
import { addUser, bearer, logActivity, signupOrg } from '../../test/builders';
import {
  closeLive,
  connectLive,
  FollowedBoard,
  type LiveClientSocket,
} from '../../test/live-client';
import {
  describeWithRedisServer,
  eventually,
  freePort,
  killRedis,
  startApiInstance,
  startRedis,
  stopApiInstance,
  type ApiInstance,
  type RedisProcess,
} from '../../test/processes';

async function health(instance: ApiInstance): Promise<{ status: number; body: HealthResponse }> {
  const res = await fetch(`${instance.url}/api/health`);
  return { status: res.status, body: (await res.json()) as HealthResponse };
}

const alive = (instance: ApiInstance) =>
  instance.process.exitCode === null && instance.process.signalCode === null;

/** A published contest, live for the next hour, where each call scores one point. */
async function liveContest(
  url: string,
  org: Awaited<ReturnType<typeof signupOrg>>,
  repId: string,
  name: string,
): Promise<string> {
  const created = await request(url)
    .post('/api/contests')
    .set(bearer(org.adminToken))
    .send({
      name,
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      participantIds: [repId],
      rules: [{ activityType: 'call', pointsPerUnit: 1 }],
    })
    .expect(201);
  const contestId = created.body.id as string;
  await request(url)
    .post(`/api/contests/${contestId}/publish`)
    .set(bearer(org.adminToken))
    .expect(200);
  return contestId;
}

// Issue 11.1: a Redis outage must degrade live fan-out across instances, never crash one.
describeWithRedisServer('two API instances when their Redis goes away and comes back', () => {
  let redis: RedisProcess | undefined;
  let a: ApiInstance | undefined;
  let b: ApiInstance | undefined;
  const sockets: LiveClientSocket[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    [a, b] = await Promise.all([
      startApiInstance({ REDIS_URL: redis.url }),
      startApiInstance({ REDIS_URL: redis.url }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await closeLive(sockets.splice(0));
    await Promise.all([stopApiInstance(a), stopApiInstance(b)]);
    await killRedis(redis);
  });

  it('keeps answering writes, serves local clients, reports degraded, and resyncs everyone after', async () => {
    const [one, two] = [a!, b!];
    const org = await signupOrg(one.url);
    const rep = await addUser(one.url, org, 'rep', { name: 'Remy' });
    const contestId = await liveContest(one.url, org, rep.user.id, 'Through an outage');

    const onA = await connectLive(one.url, org.adminToken);
    const onB = await connectLive(two.url, org.adminToken);
    sockets.push(onA, onB);
    const viaA = await FollowedBoard.follow(onA, contestId);
    const viaB = await FollowedBoard.follow(onB, contestId);
    const points = (board: Leaderboard) => Number(board.entries[0]?.points ?? 0);

    // Fan-out works: logged on A, seen on B.
    await logActivity(one.url, rep.token, { type: 'call', quantity: 1 });
    await viaB.until((board) => points(board) === 1);
    expect(await health(one)).toEqual({
      status: 200,
      body: { status: 'ok', checks: { database: 'ok', redis: 'ok' } },
    });

    await killRedis(redis);

    // Writes on both instances still answer 201 (B's first, so that only a resync can tell B's
    // clients about A's).
    await logActivity(two.url, rep.token, { type: 'call', quantity: 10 });
    await viaB.until((board) => points(board) === 11);
    await logActivity(one.url, rep.token, { type: 'call', quantity: 100 });
    // A's own client gets A's update (through a gap re-subscribe: B's update never reached it).
    await viaA.until((board) => points(board) === 111);

    for (const instance of [one, two]) {
      await eventually(`${instance.url} reports Redis as unavailable`, async () => {
        const answer = await health(instance);
        return answer.status === 200 && answer.body.status === 'degraded';
      });
      expect((await health(instance)).body).toEqual({
        status: 'degraded',
        checks: { database: 'ok', redis: 'unavailable' },
      });
      const ready = await fetch(`${instance.url}/api/health/ready`);
      expect(ready.status).toBe(200);
      expect((await ready.json()) as ReadinessResponse).toEqual({ status: 'ready' });
    }
    // Publishing keeps failing while Redis is down: more writes, and nobody dies of it.
    await logActivity(one.url, rep.token, { type: 'call', quantity: 1000 });
    await viaA.until((board) => points(board) === 1111);
    await logActivity(two.url, rep.token, { type: 'meeting', quantity: 1 });
    expect(alive(one) && alive(two)).toBe(true);
    // Ending a session by room still works on the instance that holds the socket.
    const leaver = await addUser(one.url, org, 'rep', { name: 'Lee' });
    const leaverSocket = await connectLive(one.url, leaver.token);
    sockets.push(leaverSocket);
    const leaverClosed = new Promise((resolve) => leaverSocket.once('disconnect', resolve));
    await request(one.url)
      .patch(`/api/users/${leaver.user.id}`)
      .set(bearer(org.adminToken))
      .send({ active: false })
      .expect(200);
    await leaverClosed;
    // B's client never heard of A's writes during the outage.
    expect(points(viaB.board!)).toBe(11);
    const resyncsBefore = viaB.resyncs;

    redis = await startRedis(redis!.port);

    // Once Redis is back, B tells its clients to catch up: the exact final board.
    const final = (
      await request(one.url)
        .get(`/api/contests/${contestId}/leaderboard`)
        .set(bearer(org.adminToken))
        .expect(200)
    ).body as Leaderboard;
    expect(points(final as Leaderboard)).toBe(1111);
    await viaB.until((board) => points(board) === 1111, 20_000);
    expect(viaB.board!.entries).toEqual(final.entries);
    expect(viaB.resyncs).toBeGreaterThan(resyncsBefore);
    for (const instance of [one, two]) {
      await eventually(`${instance.url} reports Redis as ok again`, async () => {
        const answer = await health(instance);
        return answer.body.status === 'ok';
      });
    }

    // And fan-out works again.
    await logActivity(one.url, rep.token, { type: 'call', quantity: 1 });
    await viaB.until((board) => points(board) === 1112);
    expect(alive(one) && alive(two)).toBe(true);
  }, 90_000);
});

// An instance that (re)starts while Redis is away must start, serve its own clients, and join the
// fan-out once Redis answers — not fail its boot and leave the floor dark.
describeWithRedisServer('two API instances that start while their Redis is down', () => {
  let redis: RedisProcess | undefined;
  let a: ApiInstance | undefined;
  let b: ApiInstance | undefined;
  const sockets: LiveClientSocket[] = [];

  afterAll(async () => {
    await closeLive(sockets.splice(0));
    await Promise.all([stopApiInstance(a), stopApiInstance(b)]);
    await killRedis(redis);
  });

  it('boot degraded, then share updates once Redis starts', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    [a, b] = await Promise.all([
      startApiInstance({ REDIS_URL: url }),
      startApiInstance({ REDIS_URL: url }),
    ]);
    for (const instance of [a, b]) {
      expect(await health(instance)).toEqual({
        status: 200,
        body: { status: 'degraded', checks: { database: 'ok', redis: 'unavailable' } },
      });
    }
    const org = await signupOrg(a.url);
    const rep = await addUser(a.url, org, 'rep', { name: 'Rae' });
    const contestId = await liveContest(a.url, org, rep.user.id, 'Started in the dark');
    const onA = await connectLive(a.url, org.adminToken);
    const onB = await connectLive(b.url, org.adminToken);
    sockets.push(onA, onB);
    const viaA = await FollowedBoard.follow(onA, contestId);
    const viaB = await FollowedBoard.follow(onB, contestId);
    const points = (board: Leaderboard) => Number(board.entries[0]?.points ?? 0);

    // Local clients are served meanwhile.
    await logActivity(a.url, rep.token, { type: 'call', quantity: 2 });
    await viaA.until((board) => points(board) === 2);

    redis = await startRedis(port);
    for (const instance of [a, b]) {
      await eventually(`${instance.url} reports Redis as ok`, async () => {
        const answer = await health(instance);
        return answer.body.status === 'ok';
      });
    }
    // B's client catches up on what it missed (resync), then hears A's writes through Redis.
    await viaB.until((board) => points(board) === 2, 20_000);
    await logActivity(a.url, rep.token, { type: 'call', quantity: 5 });
    await viaB.until((board) => points(board) === 7);
    expect(alive(a) && alive(b)).toBe(true);
  }, 90_000);
});
