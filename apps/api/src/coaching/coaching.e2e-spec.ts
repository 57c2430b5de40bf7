import type {
  ActivityInsights,
  AssessmentComparison,
  Behaviour,
  CoachingNote,
  Contest,
} from '@arena/contracts';
import request from 'supertest';
import {
  addUser,
  bearer,
  logActivity,
  signupOrg,
  type OrgFixture,
  type UserFixture,
} from '../../test/builders';
import { startTestApp, type TestApp } from '../../test/test-app';

const DAY = 86_400_000;

describe('assessments and coaching notes', () => {
  let t: TestApp;
  let org: OrgFixture;
  let manager: UserFixture;
  let ada: UserFixture;
  let ben: UserFixture;
  let contest: Contest;
  let behaviours: Behaviour[];

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrg(t.server);
    manager = await addUser(t.server, org, 'manager', { name: 'Mia' });
    ada = await addUser(t.server, org, 'rep', { name: 'Ada' });
    ben = await addUser(t.server, org, 'rep', { name: 'Ben' });
    contest = (
      await request(t.server)
        .post('/api/contests')
        .set(bearer(manager.token))
        .send({
          name: 'Discovery month',
          startsAt: new Date(Date.now() - 2 * DAY).toISOString(),
          endsAt: new Date(Date.now() + 2 * DAY).toISOString(),
          participantIds: [ada.user.id, ben.user.id],
          rules: [{ activityType: 'call', pointsPerUnit: 1 }],
        })
        .expect(201)
    ).body;
    behaviours = (await request(t.server).get('/api/behaviours').set(bearer(ada.token)).expect(200))
      .body;
  });
  afterAll(() => t.close());

  const assess = (token: string, body: object) =>
    request(t.server).post('/api/assessments').set(bearer(token)).send(body);

  it('compares start and end ratings side by side with the rep’s activity and outcome figures', async () => {
    expect(behaviours.map((b) => b.name)).toContain('Asks discovery questions');
    const [agenda, discovery] = behaviours;
    await assess(manager.token, {
      userId: ada.user.id,
      contestId: contest.id,
      phase: 'start',
      ratings: [
        { behaviourId: agenda.id, rating: 2, note: 'No agenda on two calls' },
        { behaviourId: discovery.id, rating: 3 },
      ],
    }).expect(201);
    await logActivity(t.server, ada.token, { type: 'call', quantity: 12 });
    await logActivity(t.server, ada.token, { type: 'deal_won', quantity: 1 });
    await logActivity(t.server, ben.token, { type: 'call', quantity: 99 });
    // A second start assessment replaces the first.
    await assess(manager.token, {
      userId: ada.user.id,
      contestId: contest.id,
      phase: 'start',
      ratings: [
        { behaviourId: agenda.id, rating: 2, note: 'No agenda on two calls' },
        { behaviourId: discovery.id, rating: 2 },
      ],
    }).expect(201);
    await assess(manager.token, {
      userId: ada.user.id,
      contestId: contest.id,
      phase: 'end',
      ratings: [{ behaviourId: agenda.id, rating: 4, note: 'Agenda every time' }],
    }).expect(201);

    const res = await request(t.server)
      .get(`/api/assessments/comparison?userId=${ada.user.id}&contestId=${contest.id}`)
      .set(bearer(ada.token))
      .expect(200);
    const comparison = res.body as AssessmentComparison;
    // By id: behaviours seeded in one transaction share their createdAt, which is all the
    // comparison orders them by (the behaviours list also orders by name).
    const rowOf = (id: string) => comparison.behaviours.find((row) => row.behaviour.id === id);
    expect([rowOf(agenda.id), rowOf(discovery.id)]).toEqual([
      {
        behaviour: { id: agenda.id, name: agenda.name },
        start: { rating: 2, note: 'No agenda on two calls' },
        end: { rating: 4, note: 'Agenda every time' },
        change: 2,
      },
      {
        behaviour: { id: discovery.id, name: discovery.name },
        start: { rating: 2, note: '' },
        end: null,
        change: null,
      },
    ]);
    const figure = (key: string) => comparison.figures.find((f) => f.activityType === key);
    expect(figure('call')).toMatchObject({ category: 'activity', count: 1, quantity: 12 });
    expect(figure('deal_won')).toMatchObject({ category: 'outcome', count: 1, quantity: 1 });
    const list = await request(t.server)
      .get(`/api/assessments?userId=${ada.user.id}&contestId=${contest.id}`)
      .set(bearer(manager.token))
      .expect(200);
    expect(list.body.map((a: { phase: string }) => a.phase).sort()).toEqual(['end', 'start']);
  });

  it('charts a rep’s and a team’s activities and outcomes per local day', async () => {
    const from = new Date(Date.now() - 2 * DAY).toISOString();
    const to = new Date(Date.now() + DAY).toISOString();
    const res = await request(t.server)
      .get(`/api/insights/activity?userId=${ada.user.id}&from=${from}&to=${to}`)
      .set(bearer(ada.token))
      .expect(200);
    const insights = res.body as ActivityInsights;
    expect(insights.subject).toEqual({ kind: 'user', id: ada.user.id, name: 'Ada' });
    expect(insights.days.length).toBeGreaterThanOrEqual(3);
    expect(insights.days.reduce((sum, d) => sum + d.activities, 0)).toBe(12);
    expect(insights.days.reduce((sum, d) => sum + d.outcomes, 0)).toBe(1);
    expect(insights.totals).toEqual(
      expect.arrayContaining([
        { activityType: 'call', label: 'Call', category: 'activity', quantity: 12 },
        { activityType: 'deal_won', label: 'Deal won', category: 'outcome', quantity: 1 },
      ]),
    );
    await request(t.server)
      .get(`/api/insights/activity?userId=${ada.user.id}&from=${from}&to=${to}`)
      .set(bearer(ben.token))
      .expect(403);
    await request(t.server)
      .get(`/api/insights/activity?userId=${ada.user.id}&from=${to}&to=${from}`)
      .set(bearer(manager.token))
      .expect(400);
  });

  it('shows coaching notes to their rep and managers only', async () => {
    const note = await request(t.server)
      .post('/api/coaching-notes')
      .set(bearer(manager.token))
      .send({ userId: ada.user.id, body: 'Practise the pricing objection before Thursday.' })
      .expect(201);
    expect(note.body).toMatchObject({ author: { name: 'Mia' }, user: { name: 'Ada' } });
    const mine = await request(t.server)
      .get(`/api/coaching-notes?userId=${ada.user.id}`)
      .set(bearer(ada.token))
      .expect(200);
    expect((mine.body as CoachingNote[]).map((n) => n.body)).toEqual([
      'Practise the pricing objection before Thursday.',
    ]);
    const denied = await request(t.server)
      .get(`/api/coaching-notes?userId=${ada.user.id}`)
      .set(bearer(ben.token))
      .expect(403);
    expect(denied.body.message).toBe('Reps can see their own coaching notes only.');
    await request(t.server)
      .get(`/api/assessments?userId=${ada.user.id}`)
      .set(bearer(ben.token))
      .expect(403);
    await request(t.server)
      .get(`/api/assessments/comparison?userId=${ada.user.id}&contestId=${contest.id}`)
      .set(bearer(ben.token))
      .expect(403);
    await request(t.server)
      .post('/api/coaching-notes')
      .set(bearer(ben.token))
      .send({ userId: ada.user.id, body: 'Peer coaching' })
      .expect(403);
    await assess(ben.token, {
      userId: ada.user.id,
      contestId: contest.id,
      phase: 'end',
      ratings: [],
    }).expect(403);
  });

  it('refuses bad input, stores nothing, and keeps organisations apart', async () => {
    const other = await signupOrg(t.server);
    const outsider = await addUser(t.server, other, 'rep');
    const [agenda] = behaviours;
    const bad = await assess(manager.token, {
      userId: outsider.user.id,
      contestId: contest.id,
      phase: 'middle',
      ratings: [{ behaviourId: agenda.id, rating: 6 }],
    }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'phase',
      'ratings.0.rating',
    ]);
    const unknown = await assess(manager.token, {
      userId: outsider.user.id,
      contestId: contest.id,
      phase: 'end',
      ratings: [
        { behaviourId: '00000000-0000-4000-8000-000000000000', rating: 3 },
        { behaviourId: agenda.id, rating: 3 },
        { behaviourId: agenda.id, rating: 4 },
      ],
    }).expect(400);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'userId',
      'ratings.0.behaviourId',
      'ratings.2.behaviourId',
    ]);
    await request(t.server)
      .post('/api/coaching-notes')
      .set(bearer(manager.token))
      .send({ userId: ada.user.id, body: 'x'.repeat(10_240) })
      .expect(400);
    await request(t.server)
      .post('/api/coaching-notes')
      .set(bearer(manager.token))
      .send({ userId: outsider.user.id, body: 'Hello' })
      .expect(400);
    const notes = await request(t.server)
      .get(`/api/coaching-notes?userId=${outsider.user.id}`)
      .set(bearer(other.adminToken))
      .expect(200);
    expect(notes.body).toEqual([]);
    const assessments = await request(t.server)
      .get(`/api/assessments?userId=${outsider.user.id}`)
      .set(bearer(other.adminToken))
      .expect(200);
    expect(assessments.body).toEqual([]);
  });
});
