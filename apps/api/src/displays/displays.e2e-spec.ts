import type { Contest, CreatedDisplay, DisplayConfig, Leaderboard } from '@arena/contracts';
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
  nextEvent,
  subscribe,
  type LiveClientSocket,
} from '../../test/live-client';
import { startTestApp, type TestApp } from '../../test/test-app';

const DAY = 86_400_000;

describe('displays', () => {
  let t: TestApp;
  let base: string;
  let org: OrgFixture;
  let rep: UserFixture;
  let shown: Contest;
  let hidden: Contest;
  const sockets: LiveClientSocket[] = [];

  const createContest = async (name: string) => {
    const res = await request(t.server)
      .post('/api/contests')
      .set(bearer(org.adminToken))
      .send({
        name,
        startsAt: new Date(Date.now() - DAY).toISOString(),
        endsAt: new Date(Date.now() + DAY).toISOString(),
        participantIds: [rep.user.id],
        rules: [{ activityType: 'call', pointsPerUnit: 1 }],
      })
      .expect(201);
    await request(t.server)
      .post(`/api/contests/${res.body.id}/publish`)
      .set(bearer(org.adminToken))
      .expect(200);
    return res.body as Contest;
  };
  const createDisplay = async (contestIds: string[]) =>
    (
      await request(t.server)
        .post('/api/displays')
        .set(bearer(org.adminToken))
        .send({
          name: 'Sales floor',
          rotationSeconds: 15,
          playlist: contestIds.map((contestId) => ({ contestId, screen: 'leaderboard' })),
        })
        .expect(201)
    ).body as CreatedDisplay;
  const connect = async (token: string) => {
    const socket = await connectLive(base, token);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const address = t.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    org = await signupOrg(t.server);
    rep = await addUser(t.server, org, 'rep', { name: 'Ada' });
    shown = await createContest('On the wall');
    hidden = await createContest('Not on the wall');
  });
  afterAll(async () => {
    await closeLive(sockets);
    await t.close();
  });

  it('shows its token once, stores only a hash, and is managed by admins only', async () => {
    const created = await createDisplay([shown.id]);
    expect(created.token).toMatch(/^arenatv_/);
    expect(created.url).toBe(`/tv#token=${created.token}`);
    expect(created.display).toMatchObject({
      name: 'Sales floor',
      rotationSeconds: 15,
      revokedAt: null,
    });
    const list = await request(t.server)
      .get('/api/displays')
      .set(bearer(org.adminToken))
      .expect(200);
    expect(JSON.stringify(list.body)).not.toContain(created.token);
    const manager = await addUser(t.server, org, 'manager');
    await request(t.server).get('/api/displays').set(bearer(manager.token)).expect(403);
    await request(t.server)
      .post('/api/displays')
      .set(bearer(org.adminToken))
      .send({
        name: 'Bad',
        playlist: [
          { contestId: shown.id, screen: 'slideshow' },
          { contestId: '00000000-0000-4000-8000-000000000000', screen: 'countdown' },
        ],
      })
      .expect(400)
      .expect((res) =>
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
          'playlist.0.screen',
        ]),
      );
    const foreign = await signupOrg(t.server);
    const res = await request(t.server)
      .post('/api/displays')
      .set(bearer(foreign.adminToken))
      .send({ name: 'Spy', playlist: [{ contestId: shown.id, screen: 'leaderboard' }] })
      .expect(400);
    expect(res.body.errors).toEqual([
      { field: 'playlist.0.contestId', messages: ['no contest with this id in your organisation'] },
    ]);
  });

  it('reads only what its playlist names and writes nothing, over HTTP', async () => {
    const { token } = await createDisplay([shown.id]);
    const config = (await request(t.server).get('/api/display').set(bearer(token)).expect(200))
      .body as DisplayConfig;
    expect(config).toMatchObject({
      name: 'Sales floor',
      rotationSeconds: 15,
      playlist: [{ contestId: shown.id, screen: 'leaderboard', contest: { name: 'On the wall' } }],
    });
    expect(typeof config.release).toBe('string');
    await request(t.server)
      .get(`/api/contests/${shown.id}/leaderboard`)
      .set(bearer(token))
      .expect(200);
    await request(t.server)
      .get(`/api/contests/${hidden.id}/leaderboard`)
      .set(bearer(token))
      .expect(404);
    await request(t.server).get(`/api/contests/${hidden.id}`).set(bearer(token)).expect(404);
    expect(
      (await request(t.server).get('/api/contests').set(bearer(token)).expect(200)).body.map(
        (c: Contest) => c.id,
      ),
    ).toEqual([shown.id]);
    await request(t.server)
      .get(`/api/recognitions?contestId=${shown.id}`)
      .set(bearer(token))
      .expect(200);
    await request(t.server).get('/api/recognitions').set(bearer(token)).expect(403);
    await request(t.server)
      .get(`/api/recognitions?contestId=${hidden.id}`)
      .set(bearer(token))
      .expect(403);
    for (const [method, path, body] of [
      ['post', '/api/activities', { type: 'call', quantity: 1, userId: rep.user.id }],
      ['post', '/api/recognitions', { recipientUserId: rep.user.id, message: 'hi' }],
      ['post', `/api/contests/${shown.id}/publish`, {}],
      ['patch', `/api/contests/${shown.id}`, { name: 'Hacked' }],
      ['get', '/api/users', undefined],
      ['get', '/api/me', undefined],
      ['get', `/api/contests/${shown.id}/scores/${rep.user.id}`, undefined],
    ] as const) {
      const res = await request(t.server)[method](path).set(bearer(token)).send(body);
      expect([path, res.status]).toEqual([path, 403]);
    }
  });

  it('subscribes over socket.io only to its playlist, hears nothing else, and is cut off when revoked', async () => {
    const created = await createDisplay([shown.id]);
    const socket = await connect(created.token);
    const refused = await subscribe(socket, hidden.id);
    expect(refused).toEqual({ ok: false, code: 'not_found', error: 'Contest not found' });
    const ack = await subscribe(socket, shown.id);
    expect(ack).toMatchObject({ ok: true, leaderboard: { contestId: shown.id } });
    const heard: string[] = [];
    socket.on('leaderboard', (update) => heard.push(update.contestId));
    socket.on('recognition', (event) =>
      heard.push(`recognition:${event.recognition.contest?.id ?? 'org'}`),
    );
    const shownUpdate = nextEvent(socket, 'leaderboard', (update) => update.contestId === shown.id);
    await request(t.server)
      .post('/api/recognitions')
      .set(bearer(org.adminToken))
      .send({ recipientUserId: rep.user.id, message: 'Org-wide kudos' })
      .expect(201);
    await logActivity(t.server, rep.token, { type: 'call', quantity: 2 });
    // The update follows the recognition on the same connection: whatever the wall was sent
    // about the recognition has arrived by now.
    await shownUpdate;
    expect(heard).toContain(shown.id);
    expect(heard).not.toContain(hidden.id);
    expect(heard.filter((h) => h.startsWith('recognition'))).toEqual([]);

    const revokedAt = Date.now();
    const notice = new Promise<{ change: string; message: string }>((resolve) =>
      socket.once('display', resolve),
    );
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await request(t.server)
      .delete(`/api/displays/${created.display.id}`)
      .set(bearer(org.adminToken))
      .expect(200);
    expect(await notice).toEqual({
      change: 'revoked',
      message: 'This display was disconnected by an admin.',
    });
    expect(await closed).toBe('io server disconnect');
    expect(Date.now() - revokedAt).toBeLessThan(3000);
    const denied = await request(t.server)
      .get('/api/display')
      .set(bearer(created.token))
      .expect(401);
    expect(denied.body.message).toBe('This display was disconnected by an admin.');
    await expect(connectLive(base, created.token)).rejects.toThrow(/disconnected by an admin/);
  });

  it('follows a playlist change: told to reload, off the contests it no longer shows', async () => {
    const created = await createDisplay([shown.id]);
    const socket = await connect(created.token);
    await subscribe(socket, shown.id);
    const notice = new Promise<{ change: string }>((resolve) => socket.once('display', resolve));
    await request(t.server)
      .patch(`/api/displays/${created.display.id}`)
      .set(bearer(org.adminToken))
      .send({ playlist: [{ contestId: hidden.id, screen: 'countdown' }] })
      .expect(200);
    expect(await notice).toMatchObject({ change: 'updated' });
    const heard: string[] = [];
    socket.on('leaderboard', (update) => heard.push(update.contestId));
    expect(await subscribe(socket, hidden.id)).toMatchObject({ ok: true });
    expect(await subscribe(socket, shown.id)).toEqual({
      ok: false,
      code: 'not_found',
      error: 'Contest not found',
    });
    const hiddenUpdate = nextEvent(
      socket,
      'leaderboard',
      (update) => update.contestId === hidden.id,
    );
    await logActivity(t.server, rep.token, { type: 'call', quantity: 1 });
    await hiddenUpdate;
    expect(heard).toContain(hidden.id);
    expect(heard).not.toContain(shown.id);
    const board = (
      await request(t.server)
        .get(`/api/contests/${hidden.id}/leaderboard`)
        .set(bearer(created.token))
        .expect(200)
    ).body as Leaderboard;
    expect(board.contestId).toBe(hidden.id);
  });
});
