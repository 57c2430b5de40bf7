import type { Leaderboard } from '@arena/contracts';
import request from 'supertest';
import { addUser, bearer, logActivity, signupOrg } from '../../test/builders';
import { closeLive, connectLive, FollowedBoard } from '../../test/live-client';
import { startTestApp, type TestApp } from '../../test/test-app';

describe('a live client across an API restart', () => {
  it('reconnects with backoff, re-subscribes and ends on the right board', async () => {
    let t: TestApp = await startTestApp();
    const port = Number(new URL(t.baseUrl).port);
    const org = await signupOrg(t.server);
    const rep = await addUser(t.server, org, 'rep', { name: 'Rae' });
    const contest = (
      await request(t.server)
        .post('/api/contests')
        .set(bearer(org.adminToken))
        .send({
          name: 'Restart',
          startsAt: new Date(Date.now() - 3_600_000).toISOString(),
          endsAt: new Date(Date.now() + 3_600_000).toISOString(),
          participantIds: [rep.user.id],
          rules: [{ activityType: 'call', pointsPerUnit: 2 }],
        })
        .expect(201)
    ).body;
    await request(t.server)
      .post(`/api/contests/${contest.id}/publish`)
      .set(bearer(org.adminToken))
      .expect(200);

    const socket = await connectLive(t.baseUrl, org.adminToken, { reconnection: true });
    try {
      const followed = await FollowedBoard.follow(socket, contest.id);
      await logActivity(t.server, rep.token, { type: 'call', quantity: 1 });
      await followed.until((board) => board.entries[0].points === 2);

      // A second instance, started first so that it cannot take the first one's port.
      const other = await startTestApp();
      const disconnected = new Promise((resolve) => socket.once('disconnect', resolve));
      await t.close();
      await disconnected;

      // While the API is down the log moves on, through the other instance.
      await logActivity(other.server, rep.token, { type: 'call', quantity: 4 });
      await other.close();

      t = await startTestApp({}, port);
      const board = await followed.until((b) => b.entries[0].points === 10, 15_000);
      const rest = (
        await request(t.server)
          .get(`/api/contests/${contest.id}/leaderboard`)
          .set(bearer(org.adminToken))
          .expect(200)
      ).body as Leaderboard;
      expect(board.entries).toEqual(rest.entries);
      expect(followed.resyncs).toBeGreaterThanOrEqual(2);
    } finally {
      await closeLive([socket]);
      await t.close();
    }
  });
});
