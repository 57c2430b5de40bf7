import type { Contest } from '@arena/contracts';
import { Client } from 'pg';
import request from 'supertest';
import {
  addContest,
  addUser,
  bearer,
  signupOrg,
  type OrgFixture,
  type UserFixture,
} from '../../test/builders';
import { startTestApp, type TestApp } from '../../test/test-app';
import { ScoreKeeper } from './score-keeper';

/**
 * The streamed full re-score (publishing, editing) and the streamed verifier, over a log long
 * enough that COPY delivers it in many chunks and reps straddle chunk boundaries.
 */
describe('streamed re-score and verify', () => {
  let t: TestApp;
  let db: Client;
  let org: OrgFixture;
  let manager: UserFixture;

  const DAY = 86_400_000;
  const start = Date.now() - 8 * DAY;
  const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
  const verify = async () =>
    (
      await request(t.server)
        .post('/api/admin/verify-scores')
        .set(bearer(org.adminToken))
        .expect(200)
    ).body;

  /** Everything kept for a contest, as comparable text (numerics normalised by PostgreSQL). */
  const kept = async (contestId: string) => ({
    activities: (
      await db.query(
        `SELECT activity_id, user_id, activity_type, occurred_at, local_day::text, quantity::float8,
           counted_units::float8, multiplier::float8, points::numeric(40, 20)::text AS points
         FROM contest_activity_scores WHERE contest_id = $1 ORDER BY activity_id`,
        [contestId],
      )
    ).rows,
    lines: (
      await db.query(
        `SELECT user_id, activity_type, units::float8, counted_units::float8, points::numeric(40, 20)::text AS points
         FROM contest_score_lines WHERE contest_id = $1 ORDER BY user_id, activity_type`,
        [contestId],
      )
    ).rows,
    scores: (
      await db.query(
        `SELECT user_id, points::numeric(40, 20)::text AS points FROM contest_scores
         WHERE contest_id = $1 ORDER BY user_id`,
        [contestId],
      )
    ).rows,
  });

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  beforeEach(async () => {
    org = await signupOrg(t.server, { timezone: 'America/New_York' });
    manager = await addUser(t.server, org, 'manager');
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('re-scores a long log exactly as the incremental path scored it, and verify agrees', async () => {
    const reps: UserFixture[] = [];
    for (let i = 0; i < 6; i++) reps.push(await addUser(t.server, org, 'rep'));
    const idle = await addUser(t.server, org, 'rep');
    const definition = {
      name: 'Long log',
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(Date.now() + DAY).toISOString(),
      timezone: 'America/New_York',
      participantIds: [...reps, idle].map((rep) => rep.user.id),
      rules: [
        { activityType: 'call', pointsPerUnit: 1.5, dailyCap: 12 },
        { activityType: 'meeting', pointsPerUnit: 10, totalCap: 150 },
        { activityType: 'revenue', pointsPerUnit: 0.0125 },
      ],
      multipliers: [
        { startsAt: at(3 * 1440), endsAt: at(3 * 1440 + 300), factor: 1.5 },
        { startsAt: at(3 * 1440 + 120), endsAt: at(4 * 1440), factor: 2, activityTypes: ['call'] },
      ],
    };
    const contest = (
      await request(t.server)
        .post('/api/contests')
        .set(bearer(manager.token))
        .send(definition)
        .expect(201)
    ).body as Contest;
    await request(t.server)
      .post(`/api/contests/${contest.id}/publish`)
      .set(bearer(manager.token))
      .expect(200);

    // 3,000 activities (≈ 300 kB of COPY text, many 64 kB chunks), scored incrementally as they
    // arrive; every fifth batch back-dated, so capped suffixes are re-scored too.
    const types = ['call', 'meeting', 'revenue'];
    for (let batch = 0; batch < 6; batch++) {
      const offset = batch % 5 === 4 ? 0 : batch * 1500;
      await request(t.server)
        .post('/api/activities/batch')
        .set(bearer(manager.token))
        .send({
          activities: Array.from({ length: 500 }, (_, i) => ({
            type: types[(i * 7 + batch) % 3],
            quantity:
              types[(i * 7 + batch) % 3] === 'revenue'
                ? Number((100 + i * 3.37).toFixed(2))
                : 1 + ((i * 13 + batch) % 4),
            userId: reps[(i * 5 + batch) % reps.length].user.id,
            occurredAt: at(offset + ((i * 37) % 1500) + (i % 7) / 10),
          })),
        })
        .expect(201);
    }
    const incremental = await kept(contest.id);
    expect(incremental.activities).toHaveLength(3000);
    expect((await verify()).differences).toEqual([]);

    // An edit that changes nothing re-scores the whole contest from the log.
    await request(t.server)
      .patch(`/api/contests/${contest.id}`)
      .set(bearer(manager.token))
      .send({ name: 'Long log, re-scored' })
      .expect(200);
    const rescored = await kept(contest.id);
    expect(rescored).toEqual(incremental);
    expect(rescored.scores.find((row) => row.user_id === idle.user.id)?.points).toBe(
      '0.00000000000000000000',
    );
    const report = await verify();
    expect(report.differences).toEqual([]);
    expect(report.activitiesChecked).toBe(3000);

    // As a big contest: its rows built in a table of their own and swapped in as its partition,
    // twice (the second swap replaces the first partition), then written to incrementally.
    const partitions = async () =>
      (
        await db.query(
          `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           WHERE i.inhparent = 'contest_activity_scores'::regclass AND c.relname LIKE $1`,
          [`activity\\_scores\\_${contest.id.replace(/-/g, '')}%`],
        )
      ).rows.map((row: { relname: string }) => row.relname);
    const rescorer = t.app.get(ScoreKeeper).rescorer;
    rescorer.ownPartitionRows = 1;
    rescorer.repBatchChars = 300; // lines and totals in many batches, as for 50,000 reps
    rescorer.logBatchBytes = 4096; // the log to the scoring threads in many batches, cut between reps
    // What a re-score that crashed mid-build leaves behind: a half-built table of this contest in
    // the build schema (swept by its next re-score) and one of another contest (left alone).
    const hex = contest.id.replace(/-/g, '');
    const leftover = `arena_build.activity_scores_${hex}_crashed0`;
    const stranger = `arena_build.activity_scores_${'0'.repeat(32)}_crashed0`;
    for (const table of [leftover, stranger])
      await db.query(`CREATE TABLE ${table} (LIKE contest_activity_scores)`);
    const exists = async (table: string) =>
      (await db.query(`SELECT to_regclass($1) AS t`, [table])).rows[0].t !== null;
    try {
      await request(t.server)
        .patch(`/api/contests/${contest.id}`)
        .set(bearer(manager.token))
        .send({ name: 'Long log, own partition' })
        .expect(200);
      expect(await exists(leftover)).toBe(false);
      expect(await exists(stranger)).toBe(true);
      const [first] = await partitions();
      expect(first).toBeDefined();
      expect(await kept(contest.id)).toEqual(incremental);
      const shared = await db.query(
        `SELECT count(*)::int AS n FROM contest_activity_scores_shared WHERE contest_id = $1`,
        [contest.id],
      );
      expect(shared.rows[0].n).toBe(0);
      await request(t.server)
        .patch(`/api/contests/${contest.id}`)
        .set(bearer(manager.token))
        .send({ name: 'Long log, swapped again' })
        .expect(200);
      expect(await partitions()).toEqual([expect.not.stringMatching(first)]);
      expect(await kept(contest.id)).toEqual(incremental);
      const late = await request(t.server)
        .post('/api/activities/batch')
        .set(bearer(manager.token))
        .send({
          activities: Array.from({ length: 20 }, (_, i) => ({
            type: types[i % 3],
            quantity: 1 + (i % 4),
            userId: reps[i % reps.length].user.id,
            occurredAt: at(200 + i),
          })),
        })
        .expect(201);
      await request(t.server)
        .post(`/api/activities/${late.body.activities[0].id}/void`)
        .set(bearer(manager.token))
        .send({ reason: 'duplicate' })
        .expect(200);
      const after = await verify();
      expect(after.differences).toEqual([]);
      expect(after.activitiesChecked).toBe(3019);
      const inPartition = await db.query(
        `SELECT count(*)::int AS n FROM ${(await partitions())[0]}`,
      );
      expect(inPartition.rows[0].n).toBe(3019);

      // A rep's rows go with the rep (and with the rep's activities), from the contest's own
      // partition too.
      const gone = reps[0].user.id;
      const before = await db.query(
        `SELECT count(*)::int AS n FROM contest_activity_scores WHERE contest_id = $1 AND user_id = $2`,
        [contest.id, gone],
      );
      expect(before.rows[0].n).toBeGreaterThan(0);
      await db.query(`DELETE FROM users WHERE id = $1`, [gone]);
      for (const table of ['contest_activity_scores', 'contest_score_lines', 'contest_scores']) {
        const left = await db.query(
          `SELECT count(*)::int AS n FROM ${table} WHERE contest_id = $1 AND user_id = $2`,
          [contest.id, gone],
        );
        expect({ table, n: left.rows[0].n }).toEqual({ table, n: 0 });
      }
      expect((await verify()).differences).toEqual([]);
    } finally {
      await db.query(`DROP TABLE IF EXISTS ${stranger}`);
      rescorer.ownPartitionRows = 50_000;
      rescorer.repBatchChars = 1024 * 1024;
      rescorer.logBatchBytes = 512 * 1024;
    }
  }, 120_000);

  it("adds the keys in the caller's transaction when a writer holds the referenced tables", async () => {
    const reps = [await addUser(t.server, org, 'rep'), await addUser(t.server, org, 'rep')];
    const contest = await addContest(t.server, org, {
      name: 'Keys under a lock',
      startsAt: new Date(start).toISOString(),
      participantIds: reps.map((rep) => rep.user.id),
      rules: [{ activityType: 'call', pointsPerUnit: 2, dailyCap: 10 }],
    });
    await request(t.server)
      .post('/api/activities/batch')
      .set(bearer(manager.token))
      .send({
        activities: Array.from({ length: 60 }, (_, i) => ({
          type: 'call',
          quantity: 1 + (i % 3),
          userId: reps[i % 2].user.id,
          occurredAt: at(i * 97),
        })),
      })
      .expect(201);
    const before = await kept(contest.id);

    const rescorer = t.app.get(ScoreKeeper).rescorer;
    rescorer.ownPartitionRows = 1;
    const fallbacks = rescorer.keyFallbacks;
    // A writer of activities, mid-transaction: adding a key needs a lock that conflicts with it.
    const writer = new Client({ connectionString: t.databaseUrl });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query('LOCK TABLE activities IN ROW EXCLUSIVE MODE');
      const edit = request(t.server)
        .patch(`/api/contests/${contest.id}`)
        .set(bearer(manager.token))
        .send({ name: 'Keys under a lock, re-scored' })
        .then((res) => res);
      // The builder gives up after its lock timeout; the caller then waits for the writer.
      const deadline = Date.now() + 30_000;
      while (rescorer.keyFallbacks === fallbacks && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(rescorer.keyFallbacks).toBe(fallbacks + 1);
      await writer.query('COMMIT');
      expect((await edit).status).toBe(200);
    } finally {
      await writer.end();
      rescorer.ownPartitionRows = 50_000;
    }
    expect(await kept(contest.id)).toEqual(before);
    // The contest's own partition, with the parent's three keys, checked (ATTACH adopts them).
    const keys = await db.query(
      `SELECT count(*)::int AS n FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
        WHERE c.relname LIKE $1 AND k.contype = 'f' AND k.convalidated`,
      [`activity\\_scores\\_${contest.id.replace(/-/g, '')}%`],
    );
    expect(keys.rows[0].n).toBe(3);
    expect((await verify()).differences).toEqual([]);
  }, 60_000);

  it('reports a corrupted kept row, a missing one and a wrong total', async () => {
    const rep = await addUser(t.server, org, 'rep');
    const contest = (
      await request(t.server)
        .post('/api/contests')
        .set(bearer(manager.token))
        .send({
          name: 'Tampered',
          startsAt: new Date(start).toISOString(),
          endsAt: new Date(Date.now() + DAY).toISOString(),
          participantIds: [rep.user.id],
          rules: [{ activityType: 'call', pointsPerUnit: 2, totalCap: 5 }],
        })
        .expect(201)
    ).body as Contest;
    await request(t.server)
      .post(`/api/contests/${contest.id}/publish`)
      .set(bearer(manager.token))
      .expect(200);
    const batch = await request(t.server)
      .post('/api/activities/batch')
      .set(bearer(manager.token))
      .send({
        activities: Array.from({ length: 4 }, (_, i) => ({
          type: 'call',
          quantity: 2,
          userId: rep.user.id,
          occurredAt: at(60 + i),
        })),
      })
      .expect(201);
    const [first, second] = (batch.body.activities as Array<{ id: string }>).map((a) => a.id);
    await db.query(
      `UPDATE contest_activity_scores SET points = points + 1 WHERE contest_id = $1 AND activity_id = $2`,
      [contest.id, first],
    );
    await db.query(
      `DELETE FROM contest_activity_scores WHERE contest_id = $1 AND activity_id = $2`,
      [contest.id, second],
    );
    await db.query(`UPDATE contest_scores SET points = 99 WHERE contest_id = $1`, [contest.id]);

    const expected = [
      expect.objectContaining({
        contestId: contest.id,
        userId: rep.user.id,
        detail: `activity ${first}`,
        stored: '2 units, 5 points',
        recomputed: '2 units, 4 points',
      }),
      expect.objectContaining({ detail: `activity ${second} not kept`, stored: 'missing' }),
      expect.objectContaining({ detail: 'total points', stored: '99', recomputed: '10' }),
    ];
    const { differences } = await verify();
    expect(differences).toEqual(expect.arrayContaining(expected));
    expect(differences).toHaveLength(3);

    // The same, checked on the scoring threads (as a big contest is); the missing row kept
    // under a rep without any activity in the log too.
    const stranger = await addUser(t.server, org, 'rep');
    await db.query(
      `INSERT INTO contest_activity_scores (org_id, contest_id, activity_id, user_id, activity_type,
         occurred_at, local_day, quantity, counted_units, multiplier, points)
       SELECT org_id, contest_id, $4, $2, activity_type, occurred_at, local_day,
         quantity, counted_units, multiplier, points
       FROM contest_activity_scores WHERE contest_id = $1 AND activity_id = $3`,
      [contest.id, stranger.user.id, first, second],
    );
    const rescorer = t.app.get(ScoreKeeper).rescorer;
    rescorer.ownPartitionRows = 1;
    try {
      const threaded = await verify();
      expect(threaded.differences).toEqual(
        expect.arrayContaining([
          ...expected,
          expect.objectContaining({ userId: stranger.user.id, recomputed: 'none' }),
        ]),
      );
      expect(threaded.differences).toHaveLength(4);
    } finally {
      rescorer.ownPartitionRows = 50_000;
    }
  });
});
