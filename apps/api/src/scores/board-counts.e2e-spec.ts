import request from 'supertest';
import { DataSource } from 'typeorm';
import { addUser, bearer, signupOrg, type UserFixture } from '../../test/builders';
import { untilPasses } from '../../test/processes';
import { startTestApp, type TestApp } from '../../test/test-app';
import { BoardCounts } from './board-counts';

const DAY = 86_400_000;
const REPS = 400;

describe('board counts (ranks from counts each instance keeps from the commit notices)', () => {
  let t: TestApp;
  let db: DataSource;
  let counts: BoardCounts;
  let manager: UserFixture;
  let contestId: string;
  let reps: string[];

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    counts = t.app.get(BoardCounts);
    const org = await signupOrg(t.server);
    manager = await addUser(t.server, org, 'manager');
    const seeded: Array<{ id: string }> = await db.query(
      `INSERT INTO users (org_id, email, name, role, password_hash)
       SELECT $1::uuid, 'bc' || i || '-' || $1::text || '@example.test', 'Rep ' || i, 'rep', 'x'
       FROM generate_series(1, $2::int) AS i RETURNING id`,
      [org.org.id, REPS],
    );
    reps = seeded.map((row) => row.id);
    const contest = await request(t.server)
      .post('/api/contests')
      .set(bearer(manager.token))
      .send({
        name: 'Counted',
        startsAt: new Date(Date.now() - DAY).toISOString(),
        endsAt: new Date(Date.now() + DAY).toISOString(),
        participantScope: 'all',
        participantIds: [],
        rules: [
          { activityType: 'call', pointsPerUnit: 1, dailyCap: 6 },
          { activityType: 'demo', pointsPerUnit: 2.5 },
        ],
      })
      .expect(201);
    contestId = contest.body.id;
    await request(t.server)
      .post(`/api/contests/${contestId}/publish`)
      .set(bearer(manager.token))
      .expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Every count this instance keeps equals a count of the standings themselves. */
  async function keptEqualsCounted(): Promise<void> {
    const rows: Array<{ v: string; above: string; at: string }> = await db.query(
      `SELECT v::text, arena_board_above($1, v) AS above,
              (SELECT count(*) FROM contest_scores s WHERE s.contest_id = $1 AND s.on_board AND s.rank_points = v) AS at
         FROM (SELECT DISTINCT rank_points AS v FROM contest_scores WHERE contest_id = $1 AND on_board
               UNION SELECT -1000000) d`,
      [contestId],
    );
    const counter = await counts.counter(db.manager, contestId, []);
    expect(counts.keeps(contestId)).toBe(true);
    expect(rows.map((row) => [row.v, counter.above(row.v), counter.at(row.v)])).toEqual(
      rows.map((row) => [row.v, Number(row.above), Number(row.at)]),
    );
  }

  const batch = (activities: unknown[]) =>
    request(t.server)
      .post('/api/activities/batch')
      .set(bearer(manager.token))
      .send({ activities })
      .expect(201);

  const randomActivities = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      type: i % 3 === 0 ? 'demo' : 'call',
      quantity: 1 + (i % 4),
      userId: reps[Math.floor(Math.random() * reps.length)],
      occurredAt: new Date(Date.now() - Math.floor(Math.random() * 20) * 3_600_000).toISOString(),
    }));

  it('stays exact while writers commit and the board is read again in the middle of them', async () => {
    await untilPasses(keptEqualsCounted);
    let writing = true;
    const writers = Array.from({ length: 6 }, async () => {
      for (let i = 0; i < 8; i++) await batch(randomActivities(40));
    });
    // Reads race the writers; the counts are dropped and read again while notices arrive.
    const reader = (async () => {
      while (writing) {
        counts.forget(contestId);
        await request(t.server)
          .get(`/api/contests/${contestId}/leaderboard?limit=5&offset=20`)
          .set(bearer(manager.token))
          .expect(200);
      }
    })();
    await Promise.all(writers);
    writing = false;
    await reader;
    await untilPasses(keptEqualsCounted);
  });

  it('ranks every entry of a page and of "around me" as 1 + the entries with more points', async () => {
    await untilPasses(keptEqualsCounted);
    const ranks: Array<{ user_id: string; rank: number }> = await db.query(
      `SELECT user_id, 1 + arena_board_above(contest_id, rank_points)::int AS rank
         FROM contest_scores WHERE contest_id = $1 AND on_board`,
      [contestId],
    );
    const expected = new Map(ranks.map((row) => [row.user_id, row.rank]));
    const page = await request(t.server)
      .get(`/api/contests/${contestId}/leaderboard?limit=60&offset=90`)
      .set(bearer(manager.token))
      .expect(200);
    expect(page.body.entries).toHaveLength(60);
    for (const entry of page.body.entries)
      expect(entry.rank).toBe(expected.get(entry.participant.id));
    const anchor = page.body.entries[30].participant.id;
    const around = await request(t.server)
      .get(`/api/contests/${contestId}/leaderboard?around=${anchor}&aroundCount=7`)
      .set(bearer(manager.token))
      .expect(200);
    for (const entry of around.body.entries)
      expect(entry.rank).toBe(expected.get(entry.participant.id));
    const mine = await request(t.server)
      .get(`/api/contests/${contestId}/scores/${anchor}`)
      .set(bearer(manager.token))
      .expect(200);
    expect(mine.body.rank).toBe(expected.get(anchor));
  });

  it('ignores a rolled-back write, and reads a re-scored board again', async () => {
    await untilPasses(keptEqualsCounted);
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`UPDATE contest_scores SET points = points + 1000 WHERE contest_id = $1`, [
          contestId,
        ]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await batch(randomActivities(10));
    await untilPasses(keptEqualsCounted);
    // A statement that moves more scores than a notice can carry says "read the board again".
    const loads = counts.loads;
    await db.query(
      `UPDATE contest_scores s SET points = s.points + n.i * 100000000.01
         FROM (SELECT user_id, row_number() OVER (ORDER BY user_id) AS i FROM contest_scores WHERE contest_id = $1) n
        WHERE s.contest_id = $1 AND s.user_id = n.user_id`,
      [contestId],
    );
    await untilPasses(keptEqualsCounted);
    expect(counts.loads).toBeGreaterThan(loads);
    // A rule edit re-scores the whole board (and puts the kept scores right again).
    await request(t.server)
      .patch(`/api/contests/${contestId}`)
      .set(bearer(manager.token))
      .send({
        rules: [
          { activityType: 'call', pointsPerUnit: 1.25, dailyCap: 6 },
          { activityType: 'demo', pointsPerUnit: 3 },
        ],
      })
      .expect(200);
    await untilPasses(keptEqualsCounted);
  });

  it('counts with the database while its connection is lost, and keeps counts again once back', async () => {
    await untilPasses(keptEqualsCounted);
    await db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'arena-listener' AND datname = current_database()`,
    );
    // Whichever way it goes — the loss seen or not yet — every answer is exact.
    await batch(randomActivities(30));
    const [row] = await db.query(
      `SELECT user_id, 1 + arena_board_above(contest_id, rank_points)::int AS rank
         FROM contest_scores WHERE contest_id = $1 AND on_board ORDER BY rank_points, user_id LIMIT 1`,
      [contestId],
    );
    await untilPasses(async () => {
      const mine = await request(t.server)
        .get(`/api/contests/${contestId}/scores/${row.user_id}`)
        .set(bearer(manager.token))
        .expect(200);
      expect(mine.body.rank).toBe(row.rank);
    });
    await untilPasses(async () => expect(counts.isListening).toBe(true));
    await batch(randomActivities(30));
    await untilPasses(keptEqualsCounted);
  });
});
