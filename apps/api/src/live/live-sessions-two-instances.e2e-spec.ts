import type { Contest } from '@arena/contracts';
import request from 'supertest';
import { addUser, bearer, login, signupOrg } from '../../test/builders';
import { closeLive, connectLive, subscribe, type LiveClientSocket } from '../../test/live-client';
import {
  describeWithRedisServer,
  eventually,
  killRedis,
  startRedis,
  type RedisProcess,
} from '../../test/processes';
import { startTestApp, type TestApp } from '../../test/test-app';
import { LiveBroadcaster, liveRooms } from './live-broadcaster';

const DAY = 86_400_000;

function closedByServer(socket: LiveClientSocket, ms = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the socket is still open')), ms);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

describeWithRedisServer(
  'sessions and access across two instances sharing Redis (issue 11 points 5, 6)',
  () => {
    let redis: RedisProcess | undefined;
    let a: TestApp;
    let b: TestApp;
    const sockets: LiveClientSocket[] = [];

    beforeAll(async () => {
      const shared = await startRedis();
      redis = shared;
      a = await startTestApp({ REDIS_URL: shared.url });
      b = await startTestApp({ REDIS_URL: shared.url });
    });
    afterEach(() => closeLive(sockets.splice(0)));
    afterAll(async () => {
      await Promise.all([a?.close(), b?.close()]);
      await killRedis(redis);
    });

    it('a sign-out on one instance closes that token’s socket on the other, and only that one', async () => {
      const org = await signupOrg(a.server);
      const rep = await addUser(a.server, org, 'rep');
      const laptop = await login(a.server, rep.user.email);
      const laptopSocket = await connectLive(b.baseUrl, laptop.accessToken);
      const phoneSocket = await connectLive(b.baseUrl, rep.token);
      sockets.push(laptopSocket, phoneSocket);
      const closed = closedByServer(laptopSocket);

      await request(a.server).post('/api/auth/logout').set(bearer(laptop.accessToken)).expect(204);

      expect(await closed).toBe('io server disconnect');
      await request(b.server).get('/api/me').set(bearer(laptop.accessToken)).expect(401);
      expect(phoneSocket.connected).toBe(true);
    });

    it('a rep removed from a contest on one instance leaves its room on the other', async () => {
      const org = await signupOrg(a.server);
      const manager = await addUser(a.server, org, 'manager');
      const [ada, ben] = [await addUser(a.server, org, 'rep'), await addUser(a.server, org, 'rep')];
      const created = await request(a.server)
        .post('/api/contests')
        .set(bearer(manager.token))
        .send({
          name: 'Across',
          startsAt: new Date(Date.now() - DAY).toISOString(),
          endsAt: new Date(Date.now() + DAY).toISOString(),
          participantIds: [ada.user.id, ben.user.id],
          rules: [{ activityType: 'call', pointsPerUnit: 1 }],
        })
        .expect(201);
      const contest = (
        await request(a.server)
          .post(`/api/contests/${created.body.id}/publish`)
          .set(bearer(manager.token))
          .expect(200)
      ).body as Contest;
      const socket = await connectLive(b.baseUrl, ada.token);
      sockets.push(socket);
      expect((await subscribe(socket, contest.id)).ok).toBe(true);
      const inRoom = async () =>
        (await a.app.get(LiveBroadcaster).socketsIn(liveRooms.contest(contest.id))).map(
          (s) => s.id,
        );
      expect(await inRoom()).toContain(socket.id);

      await request(a.server)
        .patch(`/api/contests/${contest.id}`)
        .set(bearer(manager.token))
        .send({ participantIds: [ben.user.id] })
        .expect(200);

      // The socket is on the other instance: the audit's `leave` crosses Redis and nothing
      // reports back when b has applied it, so this polls (bounded) what the adapter reports.
      await eventually(
        'the socket left the room',
        async () => !(await inRoom()).includes(socket.id!),
      );
      expect(await inRoom()).not.toContain(socket.id);
    });
  },
);
