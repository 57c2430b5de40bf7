import request from 'supertest';
import { addUser, bearer, logActivity, signupOrg } from '../../test/builders';
import { connectLive, FollowedBoard } from '../../test/live-client';
import {
  describeWithRedisServer,
  killRedis,
  startApiInstance,
  startRedis,
  stopApiInstance,
  type ApiInstance,
  type RedisProcess,
} from '../../test/processes';

// Two real `node apps/api/dist/main.js` processes, as docker-compose runs them, on a Redis of the
// test's own.
describeWithRedisServer('two API instances sharing PostgreSQL and Redis', () => {
  let redis: RedisProcess | undefined;
  let a: ApiInstance;
  let b: ApiInstance;

  beforeAll(async () => {
    const shared = await startRedis();
    redis = shared;
    [a, b] = await Promise.all([
      startApiInstance({ REDIS_URL: shared.url }),
      startApiInstance({ REDIS_URL: shared.url }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([stopApiInstance(a), stopApiInstance(b)]);
    await killRedis(redis);
  });

  it('delivers an activity logged on A to a client of B, numbered once across both', async () => {
    const org = await signupOrg(a.url);
    const rep = await addUser(a.url, org, 'rep', { name: 'Remy' });
    const created = await request(a.url)
      .post('/api/contests')
      .set(bearer(org.adminToken))
      .send({
        name: 'Across instances',
        startsAt: new Date(Date.now() - 3_600_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        participantIds: [rep.user.id],
        rules: [{ activityType: 'call', pointsPerUnit: 3 }],
      })
      .expect(201);
    await request(a.url)
      .post(`/api/contests/${created.body.id}/publish`)
      .set(bearer(org.adminToken))
      .expect(200);

    const onB = await connectLive(b.url, org.adminToken);
    const onA = await connectLive(a.url, org.adminToken);
    try {
      const viaB = await FollowedBoard.follow(onB, created.body.id);
      const viaA = await FollowedBoard.follow(onA, created.body.id);
      expect(viaB.board!.seq).toBe(0);

      await logActivity(a.url, rep.token, { type: 'call', quantity: 2 });
      const first = await viaB.until((board) => board.entries[0].points === 6);
      expect(first.seq).toBe(1);
      expect(viaB.updates.map((update) => update.seq)).toEqual([1]);

      await logActivity(b.url, rep.token, { type: 'call', quantity: 1 });
      const second = await viaA.until((board) => board.entries[0].points === 9);
      expect(second.seq).toBe(2);
      await viaB.until((board) => board.seq === 2 && board.entries[0].points === 9);
      expect(viaA.updates.map((update) => update.seq)).toEqual([1, 2]);
      expect(viaB.resyncs + viaA.resyncs).toBe(2);
    } finally {
      onA.close();
      onB.close();
    }
  });
});
