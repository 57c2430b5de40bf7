import type { LeaderboardEntry } from '@arena/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { addUser, bearer, signupOrg } from '../../test/builders';
import { startTestApp, type TestApp } from '../../test/test-app';
import { RequestContext } from '../common/request-context';
import { LeaderboardService } from '../contests/leaderboard.service';
import { BoardCounts } from '../scores/board-counts';
import { LiveContests } from './live-contests';
import { BoardMirror } from './board-mirror';
import { LeaderboardStream } from './leaderboard-stream';
import { readBroadcastBoard, readEntriesOf } from './window-reads';

const DAY = 86_400_000;
const REPS = 600;

describe('live window reads (the board as broadcast, the changed entries)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers every window and entry exactly as GET …/leaderboard?around= does', async () => {
    const org = await signupOrg(t.server);
    const manager = await addUser(t.server, org, 'manager');
    const db = t.app.get(DataSource);
    // Names that tie in the collation but not byte for byte, and numeric ones (Rep 2 < Rep 10).
    const seeded: Array<{ id: string }> = await db.query(
      `INSERT INTO users (org_id, email, name, role, password_hash)
       SELECT $1::uuid, 'w' || i || '-' || $1::text || '@example.test',
              CASE WHEN i % 7 = 0 THEN 'rep ' || (i / 7) ELSE 'Rep ' || i END, 'rep', 'x'
       FROM generate_series(1, $2::int) AS i RETURNING id`,
      [org.org.id, REPS],
    );
    const ids = seeded.map((row) => row.id);
    const contest = (
      await request(t.server)
        .post('/api/contests')
        .set(bearer(manager.token))
        .send({
          name: 'Windows',
          startsAt: new Date(Date.now() - DAY).toISOString(),
          endsAt: new Date(Date.now() + DAY).toISOString(),
          participantIds: ids,
          rules: [
            { activityType: 'call', pointsPerUnit: 1, dailyCap: 6 },
            { activityType: 'demo', pointsPerUnit: 2.5 },
          ],
          goalPoints: 12,
        })
        .expect(201)
    ).body as { id: string };
    await request(t.server)
      .post(`/api/contests/${contest.id}/publish`)
      .set(bearer(manager.token))
      .expect(200);
    // Few distinct scores (long runs of ties), a capped rule, fractional points; a tenth at 0.
    const activities = ids.flatMap((userId, i) =>
      i % 10 === 0
        ? []
        : [
            { type: 'call', quantity: 1 + (i % 9), userId, occurredAt: new Date().toISOString() },
            ...(i % 4 === 0
              ? [
                  {
                    type: 'demo',
                    quantity: 1 + (i % 3),
                    userId,
                    occurredAt: new Date().toISOString(),
                  },
                ]
              : []),
          ],
    );
    for (let at = 0; at < activities.length; at += 500)
      await request(t.server)
        .post('/api/activities/batch')
        .set(bearer(manager.token))
        .send({ activities: activities.slice(at, at + 500) })
        .expect(201);

    const [row] = await db.query('SELECT updated_at FROM contests WHERE id = $1', [contest.id]);
    const loaded = await RequestContext.runAsOrg(org.org.id, () =>
      t.app.get(LiveContests).definition(contest.id, row.updated_at),
    );
    if (!loaded) throw new Error('the contest did not load');
    const leaderboards = t.app.get(LeaderboardService);
    const rest = async (anchor: string, k: number) =>
      (
        await request(t.server)
          .get(`/api/contests/${contest.id}/leaderboard?around=${anchor}&aroundCount=${k}`)
          .set(bearer(manager.token))
          .expect(200)
      ).body.entries as LeaderboardEntry[];

    // The board's order, to pick anchors at its top, its bottom and inside runs of ties.
    const board = (await leaderboards.page(db.manager, loaded, null, 0)).entries;
    expect(board).toHaveLength(REPS);
    const anchors = [
      ...new Set(
        [...board.slice(0, 4), ...board.slice(-4), ...board.filter((_, i) => i % 37 === 5)].map(
          (e) => e.participant.id,
        ),
      ),
    ];
    const notOnBoard = manager.user.id;
    // Once every change is broadcast, the board as broadcast is the board, and the windows cut
    // from it in JavaScript's order of names are the database's, as GET …?around= answers them.
    await t.app.get(LeaderboardStream).whenIdle();
    const broadcast = await RequestContext.runAsOrg(org.org.id, () =>
      readBroadcastBoard(db.manager, loaded),
    );
    expect(broadcast.seq).toBeGreaterThan(0);
    expect(broadcast.entries).toEqual(board);
    const mirror = new BoardMirror(broadcast.entries, broadcast.seq);
    expect(mirror.around(notOnBoard, 3)).toEqual([]);
    for (const k of [0, 1, 5, 25])
      for (const anchor of anchors) expect(mirror.around(anchor, k)).toEqual(await rest(anchor, k));

    // The changed entries of a flush: in board order, each with its rank (as entriesOf).
    const some = [...ids.filter((_, i) => i % 13 === 0), notOnBoard];
    expect(await readEntriesOf(db.manager, t.app.get(BoardCounts), loaded, some)).toEqual(
      await leaderboards.entriesOf(db.manager, loaded, some),
    );
    expect(await readEntriesOf(db.manager, t.app.get(BoardCounts), loaded, [])).toEqual([]);
  }, 120_000);
});
