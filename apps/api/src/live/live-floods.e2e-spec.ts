import type { Leaderboard, LiveRefusal } from '@arena/contracts';
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
  subscribe,
  type LiveClientSocket,
} from '../../test/live-client';
import { eventually } from '../../test/processes';
import { startTestApp, type TestApp } from '../../test/test-app';

type Refused = Error & { data?: LiveRefusal };

/** Health, probed one request at a time for as long as `running()`; the latencies and statuses. */
function probeHealth(t: TestApp, running: () => boolean) {
  const samples: { ms: number; status: number }[] = [];
  const done = (async () => {
    while (running()) {
      const started = performance.now();
      const res = await request(t.server).get('/api/health');
      samples.push({ ms: performance.now() - started, status: res.status });
    }
  })();
  return { samples, done };
}

async function liveContest(t: TestApp, org: OrgFixture, rep: UserFixture): Promise<string> {
  const created = await request(t.server)
    .post('/api/contests')
    .set(bearer(org.adminToken))
    .send({
      name: 'Under a flood',
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      participantIds: [rep.user.id],
      rules: [{ activityType: 'call', pointsPerUnit: 1 }],
    })
    .expect(201);
  await request(t.server)
    .post(`/api/contests/${created.body.id}/publish`)
    .set(bearer(org.adminToken))
    .expect(200);
  return created.body.id as string;
}

// Issue 11.8: floods are refused cheaply, before work, while honest clients and health carry on.
describe('live floods', () => {
  const sockets: LiveClientSocket[] = [];
  const open = async (t: TestApp, token: string, headers?: Record<string, string>) => {
    const socket = await connectLive(t.baseUrl, token, { headers });
    sockets.push(socket);
    return socket;
  };
  const refusal = async (t: TestApp, token: string, headers?: Record<string, string>) => {
    const error = await open(t, token, headers).then(
      () => null,
      (refused: Refused) => refused,
    );
    if (!error) throw new Error('the connection was accepted');
    return error;
  };
  afterEach(() => closeLive(sockets.splice(0)));

  describe('with the default budgets', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('disconnects a socket that floods subscribe, once told why, while others carry on', async () => {
      const org = await signupOrg(t.server);
      const rep = await addUser(t.server, org, 'rep', { name: 'Honest Hana' });
      const contestId = await liveContest(t, org, rep);
      const honest = await FollowedBoard.follow(await open(t, org.adminToken), contestId);

      const flooder = await open(t, org.adminToken);
      const notices: { code: string; message: string }[] = [];
      flooder.on('throttled', (notice) => notices.push(notice));
      let flooding = true;
      const health = probeHealth(t, () => flooding);
      // 2,000 subscriptions as fast as the client can send them (the flood: 1,700/s).
      for (let i = 0; i < 2_000 && flooder.connected; i++) {
        flooder.emit('subscribe', { contestId }, () => undefined);
        if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
      }
      if (!flooder.disconnected)
        await new Promise((resolve) => flooder.once('disconnect', resolve));
      flooding = false;
      await health.done;
      expect(notices).toEqual([
        {
          code: 'rate_limited',
          message: expect.stringMatching(/^Too many messages: at most 100 per 10 s/),
        },
      ]);
      // Coming straight back with the same token buys no fresh budget.
      const again = await refusal(t, org.adminToken);
      expect(again.message).toBe(
        'This connection sent too many messages: wait a few seconds before connecting again.',
      );
      expect(again.data).toMatchObject({ code: 'cooling_down' });

      // The honest client on the same instance keeps its updates, and may subscribe.
      await logActivity(t.server, rep.token, { type: 'call', quantity: 3 });
      await honest.until((board: Leaderboard) => Number(board.entries[0].points) === 3);
      expect((await subscribe(honest.socket, contestId)).ok).toBe(true);
      expect(health.samples.length).toBeGreaterThan(0);
      expect(health.samples.every((sample) => sample.status === 200)).toBe(true);
    });
  });

  describe('with small budgets', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({
        LIVE_SOCKETS_PER_ADDRESS: '3',
        LIVE_CONNECTS_PER_SECOND: '6',
        // Behind one trusted proxy, as in docker-compose: budgets are per client address.
        TRUST_PROXY: '1',
      });
    });
    afterAll(() => t.close());

    it('refuses connections over the per-address budget with a clear message, before any token check', async () => {
      const org = await signupOrg(t.server);
      const from = { 'x-forwarded-for': '198.51.100.7' };
      const kept = await Promise.all([1, 2, 3].map(() => open(t, org.adminToken, from)));
      const refused = await refusal(t, 'not even a token', from);
      expect(refused.message).toBe(
        'Too many live connections from your address (at most 3): close another tab or screen, or try again later.',
      );
      expect(refused.data).toEqual({ code: 'too_many_connections', retryAfterMs: 30_000 });
      // Another address has its own budget; the connections kept still work.
      await open(t, org.adminToken, { 'x-forwarded-for': '203.0.113.9' });
      expect(kept.every((socket) => socket.connected)).toBe(true);
      // A closed connection gives its place back, once the server has seen it close (nothing
      // tells the client when: it tries, bounded, until a handshake is let in).
      kept[0].close();
      await eventually('a place is free again', async () =>
        open(t, org.adminToken, from).then(
          () => true,
          () => false,
        ),
      );
    });

    it('refuses a burst of connection attempts from one address, and lets it retry', async () => {
      const org = await signupOrg(t.server);
      const from = { 'x-forwarded-for': '192.0.2.44' };
      const burst = await Promise.all(
        Array.from({ length: 12 }, () =>
          open(t, org.adminToken, from).then(
            () => null,
            (refused: Refused) => refused,
          ),
        ),
      );
      const refusals = burst.filter((outcome): outcome is Refused => outcome !== null);
      // 6 attempts a second: at most 3 stay open, the rest are turned away by one budget or the other.
      expect(refusals.length).toBeGreaterThanOrEqual(9);
      const attempts = refusals.filter((refused) => refused.data?.code === 'rate_limited');
      expect(attempts.length).toBeGreaterThan(0);
      expect(attempts[0].message).toBe(
        'Too many connection attempts from your address (at most 6 a second): try again in a moment.',
      );
      expect(attempts[0].data!.retryAfterMs).toBeGreaterThan(0);
      expect(attempts[0].data!.retryAfterMs).toBeLessThanOrEqual(1000);
      await request(t.server).get('/api/health').expect(200);
    });
  });

  describe('handshakes in flight', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ LIVE_HANDSHAKES: '2' });
    });
    afterAll(() => t.close());

    it('queues handshakes beyond the bound instead of refusing them', async () => {
      const org = await signupOrg(t.server);
      const crowd = await Promise.all(Array.from({ length: 40 }, () => open(t, org.adminToken)));
      expect(crowd.every((socket) => socket.connected)).toBe(true);
    });
  });
});
