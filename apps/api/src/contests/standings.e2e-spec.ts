import { randomUUID } from 'node:crypto';
import {
  compareNames,
  type Contest,
  type Leaderboard,
  type ParticipantScore,
} from '@arena/contracts';
import { Client } from 'pg';
import request from 'supertest';
import {
  addTeam,
  addUser,
  bearer,
  logActivity,
  signupOrg,
  type OrgFixture,
} from '../../test/builders';
import { startTestApp, testDatabaseUrl, type TestApp } from '../../test/test-app';

/**
 * Boards read from the standings index (issue 14): SPEC §3 order in the database equals the
 * clients' `compareNames`, pages over a big tie concatenate to the whole board, around-me at the
 * edges, ranks in a tie, and participants resolved live (everyone / members of teams).
 */
describe('standings', () => {
  let t: TestApp;
  let db: Client;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const NAMES = [
    'Rep 5',
    'Rep 10',
    'rep 5',
    'REP 1',
    'Rep 05',
    'Rep 2b',
    'Rep 2a',
    'alice',
    'Alice',
    'Álice',
    'Émile',
    'emile',
    'Zoë',
    'zoe',
    'Zoe Z',
    'ZoeZ',
    'Zoe-Z',
    "O'Brien",
    'OBrien',
    'O Brien',
    'Ødegaard',
    'Oe',
    'Łukasz',
    'Lukasz',
    'Straße',
    'Strasse',
    'İlker',
    'Ilker',
    'Ólafur',
    'Ωmega',
    'Άλφα',
    'Алексей',
    'алексей',
    '李雷',
    '山田 太郎',
    '김민수',
    'محمد',
    '😀 Smiley',
    '🏆 Champ',
    '  Spaced',
    'Spaced',
    '#1 Closer',
    '1 Closer',
    '10 Closer',
    '2 Closer',
    'e\u0301mile',
    '',
    'x',
  ];

  it('orders names in the database (arena_names) exactly as compareNames, ties by id', async () => {
    // Each name twice, with ids in both orders, so equal names are settled by the id.
    const rows = NAMES.flatMap((name) => [
      { name, id: randomUUID() },
      { name, id: randomUUID() },
    ]);
    const result = await db.query<{ name: string; id: string }>(
      `SELECT t.name, t.id::text AS id FROM unnest($1::text[], $2::uuid[]) AS t(name, id)
        ORDER BY t.name COLLATE arena_names, t.id`,
      [rows.map((row) => row.name), rows.map((row) => row.id)],
    );
    expect(result.rows).toEqual([...rows].sort(compareNames));
  });

  /** `n` competing reps inserted directly (hashing 300 passwords would be the test's whole cost). */
  async function seedReps(fixture: OrgFixture, names: string[], teamId: string | null = null) {
    const result = await db.query<{ id: string; name: string }>(
      `INSERT INTO users (org_id, email, name, role, password_hash, team_id)
       SELECT $1, 'seed-' || gen_random_uuid() || '@example.test', n, 'rep', 'x', $3 FROM unnest($2::text[]) AS n
       RETURNING id::text AS id, name`,
      [fixture.org.id, names, teamId],
    );
    return result.rows;
  }

  const window = { startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-12-31T00:00:00Z' };
  const rules = [{ activityType: 'call', pointsPerUnit: 1 }];

  async function publish(fixture: OrgFixture, body: Record<string, unknown>): Promise<Contest> {
    const created = await request(t.server)
      .post('/api/contests')
      .set(bearer(fixture.adminToken))
      .send({ name: 'Standings', timezone: 'UTC', ...window, rules, ...body })
      .expect(201);
    const published = await request(t.server)
      .post(`/api/contests/${created.body.id}/publish`)
      .set(bearer(fixture.adminToken))
      .expect(200);
    return published.body;
  }

  const board = async (fixture: OrgFixture, contestId: string, query: string) =>
    (
      await request(t.server)
        .get(`/api/contests/${contestId}/leaderboard?${query}`)
        .set(bearer(fixture.adminToken))
        .expect(200)
    ).body as Leaderboard;

  const calls = (fixture: OrgFixture, userId: string, quantity: number) =>
    logActivity(t.server, fixture.adminToken, {
      type: 'call',
      quantity,
      userId,
      occurredAt: '2026-03-01T10:00:00Z',
    });

  it('pages through a 300-rep tie without a gap or a repeat, ranks ties, and reads around a rep at both edges', async () => {
    const fixture = await signupOrg(t.server);
    const names = Array.from({ length: 300 }, (_, i) => NAMES[i % NAMES.length] + ` ${i % 7}`);
    const reps = await seedReps(fixture, names);
    const contest = await publish(fixture, { participantIds: reps.map((rep) => rep.id) });
    await calls(fixture, reps[10].id, 5);
    await calls(fixture, reps[20].id, 3);
    await calls(fixture, reps[30].id, 3);

    // The expected board: 5, then 3, 3 (tied), then 297 tied at 0 — ties by name, then id.
    const points = new Map([
      [reps[10].id, 5],
      [reps[20].id, 3],
      [reps[30].id, 3],
    ]);
    const expected = [...reps]
      .sort((a, b) => (points.get(b.id) ?? 0) - (points.get(a.id) ?? 0) || compareNames(a, b))
      .map((rep) => rep.id);
    const rankOf = (id: string) => {
      const mine = points.get(id) ?? 0;
      return 1 + reps.filter((rep) => (points.get(rep.id) ?? 0) > mine).length;
    };

    const pages: Leaderboard[] = [];
    for (let offset = 0; offset < 310; offset += 23)
      pages.push(await board(fixture, contest.id, `limit=23&offset=${offset}`));
    const entries = pages.flatMap((page) => page.entries);
    expect(pages.every((page) => page.total === 300)).toBe(true);
    expect(entries.map((entry) => entry.participant.id)).toEqual(expected);
    expect(entries.map((entry) => entry.rank)).toEqual(expected.map(rankOf));
    expect(entries.slice(0, 4).map((entry) => entry.rank)).toEqual([1, 2, 2, 4]);
    expect(entries[0]).toMatchObject({
      points: 5,
      breakdown: [{ activityType: 'call', units: 5, countedUnits: 5, points: 5 }],
    });

    // The rank of a rep in the big tie, from a count of higher points.
    const tied = expected[150];
    const score = (
      await request(t.server)
        .get(`/api/contests/${contest.id}/scores/${tied}`)
        .set(bearer(fixture.adminToken))
        .expect(200)
    ).body as ParticipantScore;
    expect(score).toMatchObject({ rank: 4, points: 0, breakdown: [], explanation: [] });
    expect(
      (
        await request(t.server)
          .get(`/api/contests/${contest.id}/scores/${expected[1]}`)
          .set(bearer(fixture.adminToken))
          .expect(200)
      ).body,
    ).toMatchObject({ rank: 2, points: 3 });

    const around = async (id: string, count?: number) =>
      board(
        fixture,
        contest.id,
        `around=${id}${count === undefined ? '' : `&aroundCount=${count}`}`,
      );
    const slice = (from: number, to: number) => entries.slice(Math.max(0, from), to);
    expect((await around(expected[0])).entries).toEqual(slice(0, 6));
    expect((await around(expected[1])).entries).toEqual(slice(0, 7));
    expect((await around(expected[3], 2)).entries).toEqual(slice(1, 6));
    expect((await around(expected[150])).entries).toEqual(slice(145, 156));
    expect((await around(expected[299])).entries).toEqual(slice(294, 300));
    expect((await around(expected[299], 0)).entries).toEqual(slice(299, 300));
    expect((await around(expected[4], 50)).entries).toEqual(slice(0, 55));
    expect((await around(expected[150])).total).toBe(300);

    // A malformed id is refused; someone not on the board is not found.
    const bad = await request(t.server)
      .get(`/api/contests/${contest.id}/leaderboard?around=nope`)
      .set(bearer(fixture.adminToken))
      .expect(400);
    expect(bad.body.code).toBe('invalid_input');
    await request(t.server)
      .get(`/api/contests/${contest.id}/leaderboard?around=${fixture.admin.id}`)
      .set(bearer(fixture.adminToken))
      .expect(404);
    await request(t.server)
      .get(`/api/contests/${contest.id}/leaderboard?around=${expected[0]}&aroundCount=51`)
      .set(bearer(fixture.adminToken))
      .expect(400);
  });

  it('keeps names and who is on the board current: renames, leavers, returns', async () => {
    const fixture = await signupOrg(t.server);
    const [a, b, c] = await seedReps(fixture, ['Rep 1', 'Rep 2', 'Rep 3']);
    const contest = await publish(fixture, { participantIds: [a.id, b.id, c.id] });
    const ids = async () =>
      (await board(fixture, contest.id, 'limit=10')).entries.map((e) => e.participant.name);
    expect(await ids()).toEqual(['Rep 1', 'Rep 2', 'Rep 3']);

    await request(t.server)
      .patch(`/api/users/${a.id}`)
      .set(bearer(fixture.adminToken))
      .send({ name: 'Rep 10' })
      .expect(200);
    expect(await ids()).toEqual(['Rep 2', 'Rep 3', 'Rep 10']);

    await request(t.server)
      .patch(`/api/users/${b.id}`)
      .set(bearer(fixture.adminToken))
      .send({ active: false })
      .expect(200);
    const left = await board(fixture, contest.id, 'limit=10');
    expect(left.entries.map((e) => e.participant.name)).toEqual(['Rep 3', 'Rep 10']);
    expect(left.total).toBe(2);

    await request(t.server)
      .patch(`/api/users/${b.id}`)
      .set(bearer(fixture.adminToken))
      .send({ active: true })
      .expect(200);
    expect((await board(fixture, contest.id, 'limit=10')).total).toBe(3);
  });

  it('opens a contest to everyone in the organisation: new hires join, leavers leave', async () => {
    const fixture = await signupOrg(t.server);
    const [a] = await seedReps(fixture, ['Early Bird']);
    const contest = await publish(fixture, { participantScope: 'all', participantIds: [] });
    expect(contest.participantScope).toBe('all');
    await calls(fixture, a.id, 2);
    const first = await board(fixture, contest.id, 'limit=10');
    expect(first.entries.map((e) => [e.participant.name, e.points])).toEqual([['Early Bird', 2]]);

    const hire = await addUser(t.server, fixture, 'rep', { name: 'New Hire' });
    const joined = await board(fixture, contest.id, 'limit=10');
    expect(joined.entries.map((e) => [e.rank, e.participant.name, e.points])).toEqual([
      [1, 'Early Bird', 2],
      [2, 'New Hire', 0],
    ]);
    expect(joined.total).toBe(2);
    // The new hire reads the contest (they take part) and scores in it.
    await logActivity(t.server, hire.token, {
      type: 'call',
      quantity: 3,
      occurredAt: '2026-03-02T10:00:00Z',
    });
    const mine = await request(t.server)
      .get(`/api/contests/${contest.id}/scores/${hire.user.id}`)
      .set(bearer(hire.token))
      .expect(200);
    expect(mine.body).toMatchObject({ rank: 1, points: 3 });

    await request(t.server)
      .patch(`/api/users/${a.id}`)
      .set(bearer(fixture.adminToken))
      .send({ active: false })
      .expect(200);
    expect((await board(fixture, contest.id, 'limit=10')).entries).toHaveLength(1);

    // "Everyone" lists no ids, and is for individual contests.
    const refused = await request(t.server)
      .post('/api/contests')
      .set(bearer(fixture.adminToken))
      .send({ name: 'X', ...window, rules, participantScope: 'all', participantIds: [a.id] })
      .expect(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'participantIds', codes: ['conflicting_scope'] }),
    ]);
  });

  it('opens a contest to the members of teams, as they move', async () => {
    const fixture = await signupOrg(t.server);
    const north = await addTeam(t.server, fixture, 'North');
    const south = await addTeam(t.server, fixture, 'South');
    const [n1] = await seedReps(fixture, ['North One'], north.id);
    const [s1] = await seedReps(fixture, ['South One'], south.id);
    const contest = await publish(fixture, {
      participantScope: 'teams',
      participantIds: [north.id],
    });
    await calls(fixture, s1.id, 4); // scored, though not on the board yet
    const names = async () =>
      (await board(fixture, contest.id, 'limit=10')).entries.map((e) => [
        e.participant.name,
        e.points,
      ]);
    expect(await names()).toEqual([['North One', 0]]);

    await request(t.server)
      .patch(`/api/users/${s1.id}`)
      .set(bearer(fixture.adminToken))
      .send({ teamId: north.id })
      .expect(200);
    expect(await names()).toEqual([
      ['South One', 4],
      ['North One', 0],
    ]);
    const [hire] = await seedReps(fixture, ['North Two'], north.id);
    expect((await names()).map(([name]) => name)).toContain('North Two');
    await request(t.server)
      .patch(`/api/users/${n1.id}`)
      .set(bearer(fixture.adminToken))
      .send({ teamId: null })
      .expect(200);
    expect(await names()).toEqual([
      ['South One', 4],
      ['North Two', 0],
    ]);
    expect(hire.name).toBe('North Two');
  });
});
