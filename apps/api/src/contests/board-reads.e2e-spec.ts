import { randomUUID } from 'node:crypto';
import type { Leaderboard, ParticipantScore } from '@arena/contracts';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import {
  addContest,
  addDisplay,
  addTeam,
  addUser,
  bearer,
  logActivity,
  signupOrg,
  type OrgFixture,
  type UserFixture,
} from '../../test/builders';
import { startTestApp, type TestApp } from '../../test/test-app';
import { DataSource } from 'typeorm';
import { STANDINGS_SQL } from '../scores/standings';

const JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

/**
 * The board reads' fast path (issue 14): the contest and the access check in one statement
 * (`ContestAccess.readableBoard`, no participant list loaded) grant exactly what the full check
 * of `GET /api/contests/:id` grants, for every kind of caller and contest; the board and a score
 * are current right after a write is acknowledged; and a token whose signature this instance
 * remembers is still refused once it expires, is signed out, or is altered.
 */
describe('board reads', () => {
  let t: TestApp;
  let org: OrgFixture;
  let other: OrgFixture;
  let manager: UserFixture;
  let listed: UserFixture;
  let unlisted: UserFixture;
  let member: UserFixture;

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrg(t.server);
    other = await signupOrg(t.server);
    manager = await addUser(t.server, org, 'manager');
    const team = await addTeam(t.server, org, 'Closers');
    listed = await addUser(t.server, org, 'rep', { name: 'Listed' });
    unlisted = await addUser(t.server, org, 'rep', { name: 'Unlisted' });
    member = await addUser(t.server, org, 'rep', { name: 'Member', teamId: team.id });
    teamId = team.id;
  });
  afterAll(() => t.close());
  let teamId: string;

  const create = (fixture: OrgFixture, extra: Record<string, unknown>, publish = true) =>
    addContest(t.server, fixture, { ...extra }, publish);

  it('grants the board reads exactly what GET /contests/:id grants, for every caller and contest', async () => {
    const contests = {
      listed: await create(org, { participantIds: [listed.user.id] }),
      everyone: await create(org, { participantScope: 'all', participantIds: [] }),
      teams: await create(org, { participantScope: 'teams', participantIds: [teamId] }),
      team: await create(org, { mode: 'team', participantIds: [teamId] }),
      draft: await create(org, { participantIds: [listed.user.id] }, false),
      archived: await create(org, { participantIds: [listed.user.id] }),
      otherOrg: await create(other, { participantScope: 'all', participantIds: [] }),
    };
    await request(t.server)
      .post(`/api/contests/${contests.archived.id}/archive`)
      .set(bearer(org.adminToken))
      .expect(200);
    const display = await addDisplay(t.server, org, [contests.listed.id, contests.team.id]);
    const callers = {
      admin: { token: org.adminToken, self: null },
      manager: { token: manager.token, self: null },
      listed: { token: listed.token, self: listed.user.id },
      unlisted: { token: unlisted.token, self: unlisted.user.id },
      member: { token: member.token, self: member.user.id },
      display: { token: display.token, self: null },
    };

    const seen: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const [who, caller] of Object.entries(callers)) {
      for (const [what, contest] of Object.entries(contests)) {
        const key = `${who} → ${what}`;
        // The full check (contest with its participants, then access).
        const full = (
          await request(t.server).get(`/api/contests/${contest.id}`).set(bearer(caller.token))
        ).status;
        const board = await request(t.server)
          .get(`/api/contests/${contest.id}/leaderboard?limit=5`)
          .set(bearer(caller.token));
        expected[key] = `board ${full}`;
        seen[key] = `board ${board.status}`;
        if (caller.self && who !== 'display') {
          const score = await request(t.server)
            .get(`/api/contests/${contest.id}/scores/${caller.self}`)
            .set(bearer(caller.token));
          // Readable: the rep's own score (or 404 when they are not on this board); else 404.
          expected[key] += full === 200 ? ' score 200|404' : ' score 404';
          seen[key] +=
            full === 200
              ? ` score ${[200, 404].includes(score.status) ? '200|404' : score.status}`
              : ` score ${score.status}`;
        }
      }
    }
    expect(seen).toEqual(expected);
    // And the matrix is the one SPEC describes (not merely self-consistent).
    expect(seen['listed → listed']).toBe('board 200 score 200|404');
    expect(seen['unlisted → listed']).toBe('board 404 score 404');
    expect(seen['unlisted → everyone']).toBe('board 200 score 200|404');
    expect(seen['member → teams']).toBe('board 200 score 200|404');
    expect(seen['listed → teams']).toBe('board 404 score 404');
    expect(seen['member → team']).toBe('board 200 score 200|404');
    expect(seen['listed → draft']).toBe('board 404 score 404');
    expect(seen['manager → draft']).toBe('board 200');
    expect(seen['admin → otherOrg']).toBe('board 404');
    expect(seen['display → listed']).toBe('board 200');
    expect(seen['display → everyone']).toBe('board 404');
    await request(t.server)
      .get('/api/contests/not-a-uuid/leaderboard')
      .set(bearer(org.adminToken))
      .expect(404);
  });

  it('shows a write on the next read: board, rank and explanation, individual and team boards', async () => {
    const individual = await create(org, {
      participantIds: [listed.user.id, unlisted.user.id],
      goalPoints: 4,
    });
    const team = await create(org, { mode: 'team', participantIds: [teamId] });
    await logActivity(t.server, unlisted.token, { type: 'call', quantity: 1 });
    await logActivity(t.server, listed.token, { type: 'call', quantity: 2 });
    const board = (
      await request(t.server)
        .get(`/api/contests/${individual.id}/leaderboard?limit=50`)
        .set(bearer(manager.token))
        .expect(200)
    ).body as Leaderboard;
    expect(board.entries.map((e) => [e.rank, e.participant.name, e.points, e.goalReached])).toEqual(
      [
        [1, 'Listed', 4, true],
        [2, 'Unlisted', 2, false],
      ],
    );
    expect(board.entries[0].breakdown).toEqual([
      { activityType: 'call', units: 2, countedUnits: 2, points: 4 },
    ]);
    const mine = (
      await request(t.server)
        .get(`/api/contests/${individual.id}/scores/${unlisted.user.id}`)
        .set(bearer(unlisted.token))
        .expect(200)
    ).body as ParticipantScore;
    expect(mine).toMatchObject({ rank: 2, points: 2, goalReached: false });
    expect(mine.explanation.map((line) => line.points)).toEqual([2]);
    // A rep may not read someone else's explanation; a missing participant is 404 first.
    await request(t.server)
      .get(`/api/contests/${individual.id}/scores/${listed.user.id}`)
      .set(bearer(unlisted.token))
      .expect(403);
    await request(t.server)
      .get(`/api/contests/${individual.id}/scores/${randomUUID()}`)
      .set(bearer(unlisted.token))
      .expect(404);

    await logActivity(t.server, member.token, { type: 'call', quantity: 3 });
    const teamScore = (
      await request(t.server)
        .get(`/api/contests/${team.id}/scores/${teamId}`)
        .set(bearer(member.token))
        .expect(200)
    ).body as ParticipantScore;
    expect(teamScore).toMatchObject({ participant: { id: teamId, kind: 'team' }, points: 6 });
    const teamBoard = (
      await request(t.server)
        .get(`/api/contests/${team.id}/leaderboard`)
        .set(bearer(member.token))
        .expect(200)
    ).body as Leaderboard;
    expect(teamBoard.entries.map((e) => [e.rank, e.participant.id, e.points])).toEqual([
      [1, teamId, 6],
    ]);
  });

  it('refuses a remembered token once it expires, is signed out, or is altered', async () => {
    const contest = await create(org, { participantScope: 'all', participantIds: [] });
    const path = `/api/contests/${contest.id}/leaderboard`;
    const { sub, org: orgId, role, ver } = jwt.decode(listed.token) as jwt.JwtPayload;
    const shortLived = jwt.sign({ sub, org: orgId, role, ver }, JWT_SECRET, {
      expiresIn: 2,
      jwtid: randomUUID(),
    });
    await request(t.server).get(path).set(bearer(shortLived)).expect(200);
    // Altered: the same claims under another signature are not the remembered token.
    const [head, body, signature] = shortLived.split('.');
    const altered = `${head}.${body}.${signature.slice(0, -4)}${signature.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    const refused = await request(t.server).get(path).set(bearer(altered)).expect(401);
    expect(refused.body.code).toBe('unauthenticated');
    await request(t.server).get(path).set(bearer(shortLived)).expect(200);
    // Expired: asked again until it is refused (it lives 2 s), within a deadline.
    const deadline = Date.now() + 10_000;
    let expired = await request(t.server).get(path).set(bearer(shortLived));
    while (expired.status === 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expired = await request(t.server).get(path).set(bearer(shortLived));
    }
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('session_ended');

    // Signed out: refused at once, though this instance verified its signature a moment ago.
    const session = (
      await request(t.server).post('/api/auth/login').send({
        email: listed.user.email,
        password: 'correct horse battery',
      })
    ).body.accessToken as string;
    await request(t.server).get(path).set(bearer(session)).expect(200);
    await request(t.server).post('/api/auth/logout').set(bearer(session)).expect(204);
    const ended = await request(t.server).get(path).set(bearer(session)).expect(401);
    expect(ended.body.code).toBe('session_ended');
  });

  it('refreshes the statistics when a big board (1,200 entries) is published, so its page walks the ordered index instead of sorting the board', async () => {
    const big = await signupOrg(t.server);
    const db = t.app.get(DataSource);
    await db.query(
      `INSERT INTO users (org_id, email, name, role, password_hash)
       SELECT $1::uuid, 'big' || i || '-' || $1::text || '@example.test', 'Rep ' || i, 'rep', 'x'
         FROM generate_series(1, 1200) AS i`,
      [big.org.id],
    );
    // Statistics that know the standings as they were before this board.
    await db.query('ANALYZE contest_scores, contest_score_lines');
    const analysed = async (): Promise<Date[]> =>
      (
        await db.query(
          `SELECT last_analyze FROM pg_stat_user_tables
            WHERE relname IN ('contest_scores', 'contest_score_lines') ORDER BY relname`,
        )
      ).map((row: { last_analyze: Date }) => row.last_analyze);
    const before = await analysed();
    const contest = await create(big, { participantScope: 'all', participantIds: [] });
    // The publish refreshed both tables' statistics (at 50,000 entries, stale ones had the page
    // sort the whole board: docs/benchmarks.md); no waiting for autovacuum's ANALYZE.
    const after = await analysed();
    after.forEach((at, i) => expect(at.getTime()).toBeGreaterThan(before[i].getTime()));
    const [plan]: Array<{ 'QUERY PLAN': Array<{ Plan: unknown }> }> = await db.query(
      `EXPLAIN (FORMAT JSON) ${STANDINGS_SQL.page}`,
      [contest.id, 50, 0],
    );
    const nodes: string[] = [];
    const walk = (node: { 'Node Type': string; 'Index Name'?: string; Plans?: unknown[] }) => {
      nodes.push(`${node['Node Type']}${node['Index Name'] ? ` ${node['Index Name']}` : ''}`);
      for (const child of node.Plans ?? []) walk(child as typeof node);
    };
    walk(plan['QUERY PLAN'][0].Plan as Parameters<typeof walk>[0]);
    expect(nodes).toContain('Index Scan idx_contest_scores_board');
    expect(nodes).not.toContain('Sort');
  });
});
