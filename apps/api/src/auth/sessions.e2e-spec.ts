import { randomUUID } from 'node:crypto';
import type { Contest, LoginResponse } from '@arena/contracts';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import {
  addTeam,
  addUser,
  bearer,
  login,
  logActivity,
  PASSWORD,
  signupOrg,
  type OrgFixture,
  type UserFixture,
} from '../../test/builders';
import { closeLive, connectLive, subscribe, type LiveClientSocket } from '../../test/live-client';
import { startTestApp, type TestApp } from '../../test/test-app';
import { LiveAccessAuditor } from '../live/live-access-auditor';
import { LiveBroadcaster, liveRooms } from '../live/live-broadcaster';

const DAY = 86_400_000;
const NEW_PASSWORD = 'violet kettle on the moor';

/** Resolves when the server ends the connection; rejects after `ms`. */
function closedByServer(socket: LiveClientSocket, ms = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    if (socket.disconnected) return resolve('already closed');
    const timer = setTimeout(() => reject(new Error('the socket is still open')), ms);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

describe('sessions end when they should (issue 11 points 5, 6, 20)', () => {
  let t: TestApp;
  let org: OrgFixture;
  const sockets: LiveClientSocket[] = [];

  const connect = async (token: string) => {
    const socket = await connectLive(t.baseUrl, token);
    sockets.push(socket);
    return socket;
  };
  const me = (token: string) => request(t.server).get('/api/me').set(bearer(token));

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    org = await signupOrg(t.server);
  });
  afterEach(() => closeLive(sockets.splice(0)));
  afterAll(() => t.close());

  describe('token versioning and sign-out (5)', () => {
    it('a password change of your own ends every other session and closes its socket', async () => {
      const rep = await addUser(t.server, org, 'rep');
      const other = await login(t.server, rep.user.email);
      const socket = await connect(other.accessToken);
      const closed = closedByServer(socket);

      const res = await request(t.server)
        .post('/api/me/password')
        .set(bearer(rep.token))
        .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
        .expect(200);
      const fresh = (res.body as LoginResponse).accessToken;

      await closed;
      expect((await me(other.accessToken)).status).toBe(401);
      expect((await me(rep.token)).body.message).toMatch(/session has ended/);
      await me(fresh).expect(200);
      await request(t.server)
        .post('/api/auth/login')
        .send({ email: rep.user.email, password: PASSWORD })
        .expect(401);
      await login(t.server, rep.user.email, NEW_PASSWORD);
    });

    it('refuses a wrong current password, storing nothing', async () => {
      const rep = await addUser(t.server, org, 'rep');
      const res = await request(t.server)
        .post('/api/me/password')
        .set(bearer(rep.token))
        .send({ currentPassword: 'not my password', newPassword: NEW_PASSWORD })
        .expect(400);
      expect(res.body.errors).toEqual([
        { field: 'currentPassword', messages: ['is not your current password'] },
      ]);
      await me(rep.token).expect(200);
      await login(t.server, rep.user.email);
    });

    it('an admin resetting a password ends the old sessions', async () => {
      const rep = await addUser(t.server, org, 'rep');
      const socket = await connect(rep.token);
      const closed = closedByServer(socket);
      await request(t.server)
        .patch(`/api/users/${rep.user.id}`)
        .set(bearer(org.adminToken))
        .send({ password: NEW_PASSWORD })
        .expect(200);
      await closed;
      await me(rep.token).expect(401);
    });

    it('re-activating a user does not revive tokens issued before the deactivation', async () => {
      const rep = await addUser(t.server, org, 'rep');
      for (const active of [false, true]) {
        await request(t.server)
          .patch(`/api/users/${rep.user.id}`)
          .set(bearer(org.adminToken))
          .send({ active })
          .expect(200);
      }
      await me(rep.token).expect(401);
      await me((await login(t.server, rep.user.email)).accessToken).expect(200);
    });

    it('a role change ends the sessions of the user; their socket closes at once', async () => {
      const manager = await addUser(t.server, org, 'manager');
      const socket = await connect(manager.token);
      const closed = closedByServer(socket);
      await request(t.server)
        .patch(`/api/users/${manager.user.id}`)
        .set(bearer(org.adminToken))
        .send({ role: 'rep' })
        .expect(200);
      await closed;
      await request(t.server).get('/api/users').set(bearer(manager.token)).expect(401);
      // A rename changes nothing a token says: sessions go on.
      const rep = await addUser(t.server, org, 'rep');
      await request(t.server)
        .patch(`/api/users/${rep.user.id}`)
        .set(bearer(org.adminToken))
        .send({ name: 'Renamed Rep' })
        .expect(200);
      await me(rep.token).expect(200);
    });

    it('logout ends just the presented token and closes just its socket', async () => {
      const rep = await addUser(t.server, org, 'rep');
      const laptop = await login(t.server, rep.user.email);
      const phoneSocket = await connect(rep.token);
      const laptopSocket = await connect(laptop.accessToken);
      const closed = closedByServer(laptopSocket);

      await request(t.server).post('/api/auth/logout').set(bearer(laptop.accessToken)).expect(204);
      await closed;
      expect((await me(laptop.accessToken)).body.message).toMatch(/session has ended/);
      await me(rep.token).expect(200);
      expect(phoneSocket.connected).toBe(true);
      await expect(connect(laptop.accessToken)).rejects.toThrow(/unauthorized/);
      // Signing out twice is harmless; the second call no longer authenticates.
      await request(t.server).post('/api/auth/logout').set(bearer(laptop.accessToken)).expect(401);
    });

    it('logout-all ends every session of the user, on HTTP and sockets', async () => {
      const rep = await addUser(t.server, org, 'rep');
      const laptop = await login(t.server, rep.user.email);
      const closed = [
        closedByServer(await connect(rep.token)),
        closedByServer(await connect(laptop.accessToken)),
      ];
      await request(t.server).post('/api/auth/logout-all').set(bearer(rep.token)).expect(204);
      await Promise.all(closed);
      await me(rep.token).expect(401);
      await me(laptop.accessToken).expect(401);
      await me((await login(t.server, rep.user.email)).accessToken).expect(200);
    });

    it('API keys and displays cannot sign out as users', async () => {
      const key = await request(t.server)
        .post('/api/api-keys')
        .set(bearer(org.adminToken))
        .send({ name: 'CRM', scopes: ['activities:write'] })
        .expect(201);
      await request(t.server).post('/api/auth/logout').set(bearer(key.body.key)).expect(403);
    });
  });

  describe('token claims (20)', () => {
    const sign = (claims: Record<string, unknown>, options: { expiresIn?: number } = {}) =>
      t.app.get(JwtService).signAsync(claims, options);

    it('refuses a correctly signed token without exp, over HTTP and in the socket handshake', async () => {
      const claims = {
        sub: org.admin.id,
        org: org.org.id,
        role: 'admin',
        ver: 0,
        jti: randomUUID(),
      };
      const forever = await sign(claims);
      const res = await me(forever).expect(401);
      expect(res.body).toMatchObject({ code: 'unauthenticated' });
      expect(res.body.message).toMatch(/not a valid sign-in token/);
      await expect(connect(forever)).rejects.toThrow(/unauthorized/);
      // The same claims with an expiry are fine: exp is what was missing.
      await me(await sign(claims, { expiresIn: 60 })).expect(200);
    });

    it('answers 401, not 400, to a signed token whose sub or org is not a UUID', async () => {
      const base = { role: 'admin', ver: 0, jti: randomUUID() };
      for (const claims of [
        { ...base, sub: 'not-a-uuid', org: org.org.id },
        { ...base, sub: org.admin.id, org: 'not-a-uuid' },
        { ...base, sub: 42, org: org.org.id },
      ]) {
        const token = await sign(claims, { expiresIn: 60 });
        await me(token).expect(401);
        await expect(connect(token)).rejects.toThrow(/unauthorized/);
      }
    });
  });

  describe('expired and forged tokens (codes)', () => {
    it('an expired token of ours ended its session; a forged one was never signed in', async () => {
      const claims = {
        sub: org.admin.id,
        org: org.org.id,
        role: 'admin',
        ver: 0,
        jti: randomUUID(),
      };
      const expired = await t.app
        .get(JwtService)
        .signAsync({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 });
      const ended = await me(expired).expect(401);
      expect(ended.body).toMatchObject({ code: 'session_ended' });
      const forged = await new JwtService({ secret: 'x'.repeat(48) }).signAsync(claims, {
        expiresIn: 60,
      });
      const refused = await me(forged).expect(401);
      expect(refused.body).toMatchObject({ code: 'unauthenticated' });
      expect(refused.body.message).toMatch(/not a valid sign-in token/);
    });
  });

  describe('open sockets keep no access they lost (6)', () => {
    let manager: UserFixture;
    const publish = async (body: Record<string, unknown>): Promise<Contest> => {
      const created = await request(t.server)
        .post('/api/contests')
        .set(bearer(manager.token))
        .send({
          name: 'Live',
          startsAt: new Date(Date.now() - DAY).toISOString(),
          endsAt: new Date(Date.now() + DAY).toISOString(),
          rules: [{ activityType: 'call', pointsPerUnit: 1 }],
          ...body,
        })
        .expect(201);
      return (
        await request(t.server)
          .post(`/api/contests/${created.body.id}/publish`)
          .set(bearer(manager.token))
          .expect(200)
      ).body as Contest;
    };
    /** Socket ids in a contest's room, on every instance. */
    const inRoom = async (contestId: string) =>
      (await t.app.get(LiveBroadcaster).socketsIn(liveRooms.contest(contestId))).map(
        (socket) => socket.id,
      );

    beforeEach(async () => {
      manager = await addUser(t.server, org, 'manager');
    });

    it('drops a socket the moment its token expires', async () => {
      const rep = await addUser(t.server, org, 'rep');
      const claims = {
        sub: rep.user.id,
        org: org.org.id,
        role: 'rep',
        ver: 0,
        jti: randomUUID(),
      };
      const shortLived = await t.app.get(JwtService).signAsync(claims, { expiresIn: 2 });
      const socket = await connect(shortLived);
      const reason = await closedByServer(socket, 6000);
      expect(reason).toBe('io server disconnect');
    });

    it('takes a rep removed from a contest out of its room: their stream of updates stops', async () => {
      const [ada, ben] = [await addUser(t.server, org, 'rep'), await addUser(t.server, org, 'rep')];
      const contest = await publish({ participantIds: [ada.user.id, ben.user.id] });
      const adaSocket = await connect(ada.token);
      const managerSocket = await connect(manager.token);
      expect((await subscribe(adaSocket, contest.id)).ok).toBe(true);
      expect((await subscribe(managerSocket, contest.id)).ok).toBe(true);
      expect(await inRoom(contest.id)).toContain(adaSocket.id);

      await request(t.server)
        .patch(`/api/contests/${contest.id}`)
        .set(bearer(manager.token))
        .send({ participantIds: [ben.user.id] })
        .expect(200);
      // The re-check runs in the background, after the edit has answered.
      await t.app.get(LiveAccessAuditor).whenIdle();
      expect(await inRoom(contest.id)).not.toContain(adaSocket.id);

      const adaUpdates: unknown[] = [];
      adaSocket.on('leaderboard', (update) => adaUpdates.push(update));
      const managerSaw = new Promise<void>((resolve) =>
        managerSocket.on('leaderboard', (update) => {
          if (update.contestId === contest.id && update.entries.some((e) => e.id === ben.user.id))
            resolve();
        }),
      );
      await logActivity(t.server, ben.token, { type: 'call', quantity: 3 });
      await managerSaw;
      expect(adaUpdates).toEqual([]);
      expect(adaSocket.connected).toBe(true);
      const again = await subscribe(adaSocket, contest.id);
      expect(again.ok).toBe(false);
    });

    it('takes a rep moved off a team out of that team contest’s room', async () => {
      const team = await addTeam(t.server, org, 'Hunters');
      const rep = await addUser(t.server, org, 'rep', { teamId: team.id });
      const contest = await publish({ mode: 'team', participantIds: [team.id] });
      const socket = await connect(rep.token);
      expect((await subscribe(socket, contest.id)).ok).toBe(true);
      expect(await inRoom(contest.id)).toContain(socket.id);

      await request(t.server)
        .patch(`/api/users/${rep.user.id}`)
        .set(bearer(org.adminToken))
        .send({ teamId: null })
        .expect(200);
      await t.app.get(LiveAccessAuditor).whenIdle();
      expect(await inRoom(contest.id)).not.toContain(socket.id);
      expect(socket.connected).toBe(true);
    });
  });
});
