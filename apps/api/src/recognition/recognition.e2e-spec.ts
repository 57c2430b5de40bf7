import type {
  Badge,
  Celebration,
  Contest,
  Page,
  Recognition,
  RecognitionEvent,
} from '@arena/contracts';
import request from 'supertest';
import {
  addTeam,
  addUser,
  bearer,
  logActivity,
  signupOrg,
  type OrgFixture,
  type UserFixture,
} from '../../test/builders';
import { closeLive, connectLive, type LiveClientSocket } from '../../test/live-client';
import { startTestApp, type TestApp } from '../../test/test-app';
import { AchievementKeeper } from './achievement-keeper';
import { KUDOS_PER_HOUR } from './recognitions.service';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('recognition', () => {
  let t: TestApp;
  let base: string;
  const sockets: LiveClientSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const address = t.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await closeLive(sockets);
    await t.close();
  });

  const connect = async (token: string) => {
    const socket = await connectLive(base, token);
    sockets.push(socket);
    return socket;
  };
  const next = <T>(
    socket: LiveClientSocket,
    event: 'recognition' | 'celebration',
    match: (p: T) => boolean,
  ) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching ${event}`)), 10_000);
      const handler = (payload: T) => {
        if (!match(payload)) return;
        clearTimeout(timer);
        socket.off(event, handler as never);
        resolve(payload);
      };
      socket.on(event, handler as never);
    });
  const feed = async (token: string, query = '') =>
    (await request(t.server).get(`/api/recognitions${query}`).set(bearer(token)).expect(200))
      .body as Page<Recognition>;
  const badges = async (token: string) =>
    (await request(t.server).get('/api/badges').set(bearer(token)).expect(200)).body as Badge[];
  /**
   * Reads once every evaluation owed so far has run: achievements are evaluated in the background
   * after scores change, and the change's request returns after the keeper was told of it.
   */
  const settled = async <T>(read: () => Promise<T>) => {
    await t.app.get(AchievementKeeper).whenIdle();
    return read();
  };
  const createContest = async (
    org: OrgFixture,
    reps: UserFixture[],
    extra: Record<string, unknown>,
    publish = true,
  ): Promise<Contest> => {
    const res = await request(t.server)
      .post('/api/contests')
      .set(bearer(org.adminToken))
      .send({
        name: 'Recognition race',
        startsAt: new Date(Date.now() - 5 * DAY).toISOString(),
        endsAt: new Date(Date.now() + 5 * DAY).toISOString(),
        participantIds: reps.map((rep) => rep.user.id),
        rules: [{ activityType: 'call', pointsPerUnit: 1 }],
        ...extra,
      })
      .expect(201);
    if (publish)
      await request(t.server)
        .post(`/api/contests/${res.body.id}/publish`)
        .set(bearer(org.adminToken))
        .expect(200);
    return res.body;
  };

  describe('badges and manual recognition', () => {
    let org: OrgFixture;
    let manager: UserFixture;
    let ada: UserFixture;
    let ben: UserFixture;

    beforeAll(async () => {
      org = await signupOrg(t.server);
      manager = await addUser(t.server, org, 'manager', { name: 'Mia Manager' });
      ada = await addUser(t.server, org, 'rep', { name: 'Ada' });
      ben = await addUser(t.server, org, 'rep', { name: 'Ben' });
    });

    it('starts every organisation with a catalogue that admins extend and retire', async () => {
      const catalogue = await badges(ada.token);
      expect(catalogue.map((b) => b.name)).toEqual(
        expect.arrayContaining([
          'Deal Closer',
          'Call Machine',
          'Door Opener',
          'Team Player',
          'Rising Star',
          'Goal Crusher',
        ]),
      );
      const body = {
        key: 'closer_of_the_month',
        name: 'Closer of the Month',
        emoji: '🏅',
        color: '#16a34a',
      };
      await request(t.server).post('/api/badges').set(bearer(manager.token)).send(body).expect(403);
      const created = await request(t.server)
        .post('/api/badges')
        .set(bearer(org.adminToken))
        .send(body)
        .expect(201);
      await request(t.server)
        .post('/api/badges')
        .set(bearer(org.adminToken))
        .send(body)
        .expect(409);
      await request(t.server)
        .post('/api/badges')
        .set(bearer(org.adminToken))
        .send({ ...body, key: 'Bad Key', color: 'green' })
        .expect(400);
      const retired = await request(t.server)
        .patch(`/api/badges/${created.body.id}`)
        .set(bearer(org.adminToken))
        .send({ retired: true })
        .expect(200);
      expect(retired.body.retiredAt).not.toBeNull();
      const res = await request(t.server)
        .post('/api/recognitions')
        .set(bearer(manager.token))
        .send({ recipientUserId: ada.user.id, badgeId: created.body.id, message: 'Great month' })
        .expect(400);
      expect(res.body.errors).toEqual([
        { field: 'badgeId', messages: ['the "Closer of the Month" badge is retired'] },
      ]);
    });

    it('lets a manager award a badge with a prize, live to everyone, and the awarder retract it', async () => {
      const dealCloser = (await badges(manager.token)).find((b) => b.key === 'deal_closer')!;
      const contest = await createContest(org, [ada, ben], {});
      const watcher = await connect(ben.token);
      const outsider = await connect((await signupOrg(t.server)).adminToken);
      const leaked: unknown[] = [];
      outsider.on('recognition', (event) => leaked.push(event));
      outsider.on('celebration', (event) => leaked.push(event));
      const live = next<RecognitionEvent>(watcher, 'recognition', (e) => e.change === 'awarded');
      const takeover = next<Celebration>(watcher, 'celebration', (c) => c.kind === 'badge');
      const res = await request(t.server)
        .post('/api/recognitions')
        .set(bearer(manager.token))
        .send({
          recipientUserId: ada.user.id,
          badgeId: dealCloser.id,
          message: 'Closed Globex in one call',
          contestId: contest.id,
          prize: 'A day off',
        })
        .expect(201);
      const awarded = res.body as Recognition;
      expect(awarded).toMatchObject({
        kind: 'badge',
        badge: { key: 'deal_closer', emoji: '🤝' },
        recipient: { id: ada.user.id, kind: 'user', name: 'Ada' },
        awardedBy: { id: manager.user.id, name: 'Mia Manager' },
        contest: { id: contest.id },
        prize: 'A day off',
        retractedAt: null,
      });
      expect((await live).recognition).toEqual(awarded);
      expect(await takeover).toMatchObject({
        participant: { name: 'Ada' },
        message: 'Mia Manager awarded Ada 🤝 Deal Closer: Closed Globex in one call',
      });
      expect(leaked).toEqual([]); // another organisation's sockets hear nothing

      const trophies = await request(t.server)
        .get(`/api/users/${ada.user.id}/trophy-case`)
        .set(bearer(ben.token))
        .expect(200);
      expect(trophies.body.badges).toEqual([
        expect.objectContaining({
          count: 1,
          badge: expect.objectContaining({ key: 'deal_closer' }),
        }),
      ]);
      expect((await feed(ben.token, `?contestId=${contest.id}`)).items.map((r) => r.id)).toEqual([
        awarded.id,
      ]);

      await request(t.server)
        .post(`/api/recognitions/${awarded.id}/retract`)
        .set(bearer(ben.token))
        .send({ reason: 'Not mine to take back' })
        .expect(403);
      const retracted = await request(t.server)
        .post(`/api/recognitions/${awarded.id}/retract`)
        .set(bearer(manager.token))
        .send({ reason: 'Wrong deal' })
        .expect(200);
      expect(retracted.body).toMatchObject({
        retractedBy: { id: manager.user.id },
        retractionReason: 'Wrong deal',
      });
      expect((await feed(ben.token, `?contestId=${contest.id}`)).items).toEqual([]);
      const audit = await feed(ben.token, `?contestId=${contest.id}&includeRetracted=true`);
      expect(audit.items.map((r) => [r.id, r.retractionReason])).toEqual([
        [awarded.id, 'Wrong deal'],
      ]);
      await request(t.server)
        .post(`/api/recognitions/${awarded.id}/retract`)
        .set(bearer(org.adminToken))
        .send({ reason: 'again' })
        .expect(409);
    });

    it('awards teams, and filters the feed by team (the team and its members)', async () => {
      const team = await addTeam(t.server, org, 'North');
      const member = await addUser(t.server, org, 'rep', { name: 'Noor', teamId: team.id });
      const teamPlayer = (await badges(manager.token)).find((b) => b.key === 'team_player')!;
      await request(t.server)
        .post('/api/recognitions')
        .set(bearer(manager.token))
        .send({
          recipientTeamId: team.id,
          badgeId: teamPlayer.id,
          message: 'Team dinner on us',
          prize: 'team dinner',
        })
        .expect(201);
      await request(t.server)
        .post('/api/recognitions')
        .set(bearer(ada.token))
        .send({ recipientUserId: member.user.id, message: 'Thanks for the intro!' })
        .expect(201);
      const items = (await feed(ada.token, `?teamId=${team.id}`)).items;
      expect(items.map((r) => [r.kind, r.recipient.name])).toEqual([
        ['kudos', 'Noor'],
        ['badge', 'North'],
      ]);
      expect((await feed(ada.token, `?userId=${member.user.id}&kind=kudos`)).total).toBe(1);
    });

    it('lets reps send kudos but not badges, never to themselves, at a bounded rate', async () => {
      const dealCloser = (await badges(ada.token)).find((b) => b.key === 'deal_closer')!;
      const forbidden = await request(t.server)
        .post('/api/recognitions')
        .set(bearer(ada.token))
        .send({ recipientUserId: ben.user.id, badgeId: dealCloser.id, message: 'You rock' })
        .expect(403);
      expect(forbidden.body.message).toMatch(/Only managers and admins award badges/);
      const sender = await addUser(t.server, org, 'rep', { name: 'Sam' });
      for (let i = 0; i < KUDOS_PER_HOUR; i++) {
        await request(t.server)
          .post('/api/recognitions')
          .set(bearer(sender.token))
          .send({ recipientUserId: ben.user.id, message: `Thanks #${i}` })
          .expect(201);
      }
      const limited = await request(t.server)
        .post('/api/recognitions')
        .set(bearer(sender.token))
        .send({ recipientUserId: ben.user.id, message: 'One more' })
        .expect(429);
      expect(limited.body.message).toMatch(/kudos an hour/);
    });

    it('refuses bad input with a clear 4xx and stores nothing', async () => {
      const other = await signupOrg(t.server);
      const outsider = await addUser(t.server, other, 'rep');
      const dealCloser = (await badges(manager.token)).find((b) => b.key === 'deal_closer')!;
      const before = (await feed(org.adminToken, '?includeRetracted=true&limit=1')).total;
      const cases: Array<[object, string, number]> = [
        [
          {
            recipientUserId: ada.user.id,
            badgeId: '00000000-0000-4000-8000-000000000000',
            message: 'x',
          },
          'badgeId',
          400,
        ],
        [
          { recipientUserId: outsider.user.id, badgeId: dealCloser.id, message: 'x' },
          'recipientUserId',
          400,
        ],
        [{ recipientUserId: ada.user.id, badgeId: dealCloser.id, message: '   ' }, 'message', 400],
        [
          { recipientUserId: ada.user.id, badgeId: dealCloser.id, message: 'x'.repeat(10_240) },
          'message',
          400,
        ],
        [{ recipientUserId: manager.user.id, message: 'Me!' }, 'recipientUserId', 400],
        [{ badgeId: dealCloser.id, message: 'Nobody' }, 'recipientUserId', 400],
      ];
      for (const [body, field, status] of cases) {
        const res = await request(t.server)
          .post('/api/recognitions')
          .set(bearer(manager.token))
          .send(body);
        expect([res.status, res.body.errors?.map((e: { field: string }) => e.field)]).toEqual([
          status,
          [field],
        ]);
      }
      const self = await request(t.server)
        .post('/api/recognitions')
        .set(bearer(ada.token))
        .send({ recipientUserId: ada.user.id, message: 'I am great' })
        .expect(400);
      expect(self.body.errors).toEqual([
        { field: 'recipientUserId', messages: ['you cannot recognise yourself'] },
      ]);
      expect((await feed(org.adminToken, '?includeRetracted=true&limit=1')).total).toBe(before);
      // Nothing of this organisation is visible from the other.
      expect((await feed(other.adminToken)).total).toBe(0);
      await request(t.server)
        .get(`/api/users/${ada.user.id}/trophy-case`)
        .set(bearer(outsider.token))
        .expect(404);
    });
  });

  describe('automatic achievements', () => {
    const achievementsOf = async (token: string, contestId: string, all = false) =>
      (
        await feed(
          token,
          `?contestId=${contestId}&kind=achievement&limit=100${all ? '&includeRetracted=true' : ''}`,
        )
      ).items;

    it('gives "first to N" to exactly one of 20 reps logging at once, the earliest activity winning', async () => {
      const org = await signupOrg(t.server);
      const reps = await Promise.all(
        Array.from({ length: 20 }, (_, i) => addUser(t.server, org, 'rep', { name: `Rep ${i}` })),
      );
      const contest = await createContest(org, reps, {
        achievements: [{ kind: 'milestone', activityType: 'call', units: 5 }],
      });
      const now = Date.now();
      // Rep 13's activity happened first; all arrive at the same time.
      await Promise.all(
        reps.map((rep, i) =>
          logActivity(t.server, rep.token, {
            type: 'call',
            quantity: 5,
            occurredAt: new Date(now - HOUR + (i === 13 ? 0 : 1000 + i)).toISOString(),
          }),
        ),
      );
      // Evaluations racing each other (as two instances or retries would) award nothing twice.
      const keeper = t.app.get(AchievementKeeper);
      await Promise.all(Array.from({ length: 5 }, () => keeper.evaluate(org.org.id, contest.id)));
      const awarded = await settled(() => achievementsOf(org.adminToken, contest.id));
      expect(awarded).toHaveLength(1);
      expect(awarded[0]).toMatchObject({
        kind: 'achievement',
        achievement: { kind: 'milestone', placing: null },
        badge: { key: 'trailblazer' },
        recipient: { name: 'Rep 13' },
        awardedBy: null,
        message: 'First to 5 × call in Recognition race',
      });
    });

    it('counts streak days in the contest time zone: a local midnight breaks one', async () => {
      const org = await signupOrg(t.server);
      const [ada, ben] = await Promise.all([
        addUser(t.server, org, 'rep', { name: 'Ada' }),
        addUser(t.server, org, 'rep', { name: 'Ben' }),
      ]);
      // Tokyo is UTC+9: 23:30 and 00:30 local fall on one UTC day but two local days.
      const contest = await createContest(org, [ada, ben], {
        timezone: 'Asia/Tokyo',
        achievements: [{ kind: 'streak', activityType: 'call', days: 2, minUnitsPerDay: 2 }],
      });
      const day = new Date(Date.now() - 3 * DAY).toISOString().slice(0, 10);
      const next = new Date(Date.parse(day) + DAY).toISOString().slice(0, 10);
      const at = (date: string, time: string) => new Date(`${date}T${time}+09:00`).toISOString();
      // Ada: 1 at 23:30 and 1 at 00:30 (one each local day), 2 more the next morning: day one falls short.
      for (const [when, quantity] of [
        [at(day, '23:30:00'), 1],
        [at(next, '00:30:00'), 1],
        [at(next, '10:00:00'), 2],
      ] as const)
        await logActivity(t.server, ada.token, { type: 'call', quantity, occurredAt: when });
      // Ben: 2 at 22:00 and 2 at 09:00 the next local day: a two-day streak.
      for (const when of [at(day, '22:00:00'), at(next, '09:00:00')])
        await logActivity(t.server, ben.token, { type: 'call', quantity: 2, occurredAt: when });
      // Every evaluation the activities caused has run: nothing else is coming.
      const awarded = await settled(() => achievementsOf(ada.token, contest.id));
      expect(awarded.map((r) => [r.recipient.name, r.message])).toEqual([
        ['Ben', '2 days in a row with at least 2 × call in Recognition race'],
      ]);
      expect(awarded[0].badge?.key).toBe('on_fire');
    });

    it('retracts a goal, visibly and live, when a void takes it away', async () => {
      const org = await signupOrg(t.server);
      const ada = await addUser(t.server, org, 'rep', { name: 'Ada' });
      const contest = await createContest(org, [ada], {
        goalPoints: 10,
        achievements: [{ kind: 'goal_reached' }, { kind: 'new_leader' }],
      });
      const socket = await connect(ada.token);
      const retractedLive = next<RecognitionEvent>(
        socket,
        'recognition',
        (e) => e.change === 'retracted' && e.recognition.achievement?.kind === 'goal_reached',
      );
      await logActivity(t.server, ada.token, { type: 'call', quantity: 4 });
      const big = await logActivity(t.server, ada.token, { type: 'call', quantity: 6 });
      const awarded = await settled(() => achievementsOf(ada.token, contest.id));
      expect(awarded.map((r) => r.achievement?.kind).sort()).toEqual([
        'goal_reached',
        'new_leader',
      ]);
      await request(t.server)
        .post(`/api/activities/${big.id}/void`)
        .set(bearer(org.adminToken))
        .send({ reason: 'Logged twice' })
        .expect(200);
      const event = await retractedLive;
      expect(event.recognition).toMatchObject({
        recipient: { name: 'Ada' },
        retractionReason: expect.stringMatching(/No longer earned/),
      });
      const all = await achievementsOf(ada.token, contest.id, true);
      expect(all.map((r) => [r.achievement?.kind, r.retractedAt !== null]).sort()).toEqual([
        ['goal_reached', true],
        ['new_leader', false], // she still led alone with 4
      ]);
    });

    it('retracts what a rule edit takes away, and awards what it brings', async () => {
      const org = await signupOrg(t.server);
      const ada = await addUser(t.server, org, 'rep', { name: 'Ada' });
      const contest = await createContest(org, [ada], {
        goalPoints: 10,
        achievements: [{ kind: 'goal_reached' }],
      });
      await logActivity(t.server, ada.token, { type: 'call', quantity: 6 });
      await logActivity(t.server, ada.token, { type: 'meeting', quantity: 1 });
      expect(await settled(() => achievementsOf(ada.token, contest.id))).toEqual([]);
      // Meetings now count 5 points each: 11 points, the goal is reached.
      await request(t.server)
        .patch(`/api/contests/${contest.id}`)
        .set(bearer(org.adminToken))
        .send({
          rules: [
            { activityType: 'call', pointsPerUnit: 1 },
            { activityType: 'meeting', pointsPerUnit: 5 },
          ],
        })
        .expect(200);
      expect(await settled(() => achievementsOf(ada.token, contest.id))).toHaveLength(1);
      // And back: the goal is no longer reached, the award is retracted, visibly.
      await request(t.server)
        .patch(`/api/contests/${contest.id}`)
        .set(bearer(org.adminToken))
        .send({ rules: [{ activityType: 'call', pointsPerUnit: 1 }] })
        .expect(200);
      const all = await settled(() => achievementsOf(ada.token, contest.id, true));
      expect(all).toHaveLength(1);
      expect(all[0].retractedAt).not.toBeNull();
      expect(all[0].retractionReason).toMatch(/rule edit/);
    });

    it('awards final placings with the prizes when a contest has ended, ties sharing a place', async () => {
      const org = await signupOrg(t.server);
      const [ada, ben, cy, dee] = await Promise.all(
        ['Ada', 'Ben', 'Cy', 'Dee'].map((name) => addUser(t.server, org, 'rep', { name })),
      );
      const contest = await createContest(
        org,
        [ada, ben, cy, dee],
        {
          startsAt: new Date(Date.now() - 3 * DAY).toISOString(),
          endsAt: new Date(Date.now() - DAY).toISOString(),
          prizes: [
            { rank: 1, description: 'A day off' },
            { rank: 3, description: 'Coffee' },
          ],
          achievements: [{ kind: 'final_placings' }],
        },
        false,
      );
      const when = new Date(Date.now() - 2 * DAY).toISOString();
      for (const [rep, quantity] of [
        [ada, 5],
        [ben, 5],
        [cy, 3],
        [dee, 1],
      ] as const)
        await logActivity(t.server, rep.token, { type: 'call', quantity, occurredAt: when });
      await request(t.server)
        .post(`/api/contests/${contest.id}/publish`)
        .set(bearer(org.adminToken))
        .expect(200);
      const placings = await settled(() => achievementsOf(ada.token, contest.id));
      expect(
        placings.map((r) => [r.recipient.name, r.achievement?.placing, r.prize]).sort(),
      ).toEqual([
        ['Ada', 1, 'A day off'],
        ['Ben', 1, 'A day off'],
        ['Cy', 3, 'Coffee'],
      ]);
      expect(placings.find((r) => r.recipient.name === 'Cy')?.message).toBe(
        'Finished 3rd in Recognition race — prize: Coffee',
      );
    });

    it('rejects achievements that cannot be evaluated', async () => {
      const org = await signupOrg(t.server);
      const ada = await addUser(t.server, org, 'rep');
      const res = await request(t.server)
        .post('/api/contests')
        .set(bearer(org.adminToken))
        .send({
          name: 'Bad achievements',
          startsAt: new Date().toISOString(),
          endsAt: new Date(Date.now() + DAY).toISOString(),
          participantIds: [ada.user.id],
          rules: [{ activityType: 'call', pointsPerUnit: 1 }],
          achievements: [
            { kind: 'goal_reached' },
            { kind: 'milestone', activityType: 'demo', units: 3 },
            { kind: 'streak', activityType: 'call' },
            { kind: 'first_blood' },
          ],
        })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'achievements.3.kind',
      ]);
      const semantic = await request(t.server)
        .post('/api/contests')
        .set(bearer(org.adminToken))
        .send({
          name: 'Bad achievements',
          startsAt: new Date().toISOString(),
          endsAt: new Date(Date.now() + DAY).toISOString(),
          participantIds: [ada.user.id],
          rules: [{ activityType: 'call', pointsPerUnit: 1 }],
          achievements: [
            { kind: 'goal_reached' },
            { kind: 'milestone', activityType: 'demo', units: 3 },
            { kind: 'streak', activityType: 'call' },
          ],
        })
        .expect(400);
      expect(semantic.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'achievements.0.kind',
        'achievements.1.activityType',
        'achievements.2.days',
        'achievements.2.minUnitsPerDay',
      ]);
    });
  });
});
