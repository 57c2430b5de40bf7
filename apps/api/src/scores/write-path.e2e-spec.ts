import type { Contest } from '@arena/contracts';
import { Client } from 'pg';
import request from 'supertest';
import { addUser, bearer, signupOrg, type OrgFixture, type UserFixture } from '../../test/builders';
import { startTestApp, type TestApp } from '../../test/test-app';
import { CONTEST_LOCK_NAMESPACE } from './incremental-scorer';

/**
 * The write path's cost and locks: a fixed number of statements per call whatever its size, and a
 * contest's re-score holds back only that contest's writers — which are counted exactly once.
 */
describe('write path', () => {
  let t: TestApp;
  let org: OrgFixture;
  let manager: UserFixture;
  const DAY = 86_400_000;

  const createContest = async (body: Record<string, unknown>): Promise<Contest> => {
    const created = (
      await request(t.server)
        .post('/api/contests')
        .set(bearer(manager.token))
        .send({
          name: 'Write path',
          startsAt: new Date(Date.now() - 20 * DAY).toISOString(),
          endsAt: new Date(Date.now() + DAY).toISOString(),
          ...body,
        })
        .expect(201)
    ).body as Contest;
    await request(t.server)
      .post(`/api/contests/${created.id}/publish`)
      .set(bearer(manager.token))
      .expect(200);
    return created;
  };
  const verify = async () =>
    (
      await request(t.server)
        .post('/api/admin/verify-scores')
        .set(bearer(org.adminToken))
        .expect(200)
    ).body;
  const pointsOf = async (contestId: string, userId: string) =>
    (
      await request(t.server)
        .get(`/api/contests/${contestId}/scores/${userId}`)
        .set(bearer(manager.token))
        .expect(200)
    ).body.points as number;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    org = await signupOrg(t.server);
    manager = await addUser(t.server, org, 'manager');
  });
  afterAll(() => t.close());

  describe('round trips', () => {
    /**
     * The statements of the one transaction that recorded activities while `work` ran (other
     * work of the app — live flushes, achievements — runs on other connections meanwhile).
     */
    const statements = async (work: () => Promise<unknown>): Promise<string[]> => {
      const sent = new Map<Client, string[]>();
      const original = Client.prototype.query;
      const patched = function (this: Client, ...args: unknown[]) {
        const first = args[0] as string | { text?: string };
        const text = (typeof first === 'string' ? first : (first?.text ?? '')).trim();
        sent.set(this, [...(sent.get(this) ?? []), text]);
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      };
      Client.prototype.query = patched as typeof Client.prototype.query;
      try {
        await work();
      } finally {
        Client.prototype.query = original;
      }
      for (const texts of sent.values()) {
        const record = texts.findIndex((text) => text.includes('arena_lock_for_activity_writes'));
        if (record < 0) continue;
        const start = texts.lastIndexOf('START TRANSACTION', record);
        const end = texts.indexOf('COMMIT', record);
        return texts.slice(start, end + 1).map((text) => text.split(/\s+/).slice(0, 3).join(' '));
      }
      throw new Error('no recording transaction seen');
    };

    it('records a single activity, and a batch of 500, in a fixed number of statements', async () => {
      const reps = await Promise.all(
        Array.from({ length: 3 }, () => addUser(t.server, org, 'rep')),
      );
      const contest = await createContest({
        participantIds: reps.map((rep) => rep.user.id),
        rules: [
          { activityType: 'meeting', pointsPerUnit: 3 },
          { activityType: 'call', pointsPerUnit: 1, dailyCap: 5 },
          { activityType: 'demo', pointsPerUnit: 10, totalCap: 7 },
        ],
        multipliers: [
          {
            startsAt: new Date(Date.now() - 3 * DAY).toISOString(),
            endsAt: new Date(Date.now() - DAY).toISOString(),
            factor: 2,
          },
        ],
      });
      const post = (body: object) =>
        request(t.server).post('/api/activities').set(bearer(manager.token)).send(body).expect(201);
      const rep = reps[0].user.id;
      await post({ type: 'meeting', quantity: 1, userId: rep }); // the catalog is loaded once
      const uncapped = await statements(() => post({ type: 'meeting', quantity: 1, userId: rep }));
      const capped = await statements(() => post({ type: 'call', quantity: 2, userId: rep }));
      const backdated = await statements(() =>
        post({
          type: 'demo',
          quantity: 3,
          userId: rep,
          occurredAt: new Date(Date.now() - 5 * DAY).toISOString(),
        }),
      );
      const batch = await statements(() =>
        request(t.server)
          .post('/api/activities/batch')
          .set(bearer(manager.token))
          .send({
            activities: Array.from({ length: 500 }, (_, i) => ({
              type: ['meeting', 'call', 'demo'][i % 3],
              quantity: 1 + (i % 4),
              userId: reps[i % 3].user.id,
              occurredAt: new Date(Date.now() - ((i * 7919) % 15) * DAY - i * 1000).toISOString(),
            })),
          })
          .expect(201),
      );
      const report = {
        'single, uncapped rule': uncapped,
        'single, daily cap': capped,
        'single, back-dated under a total cap': backdated,
        'batch of 500, 3 reps, mixed caps, back-dated': batch,
      };
      console.info(
        Object.entries(report)
          .map(
            ([label, sent]) =>
              `${label}: ${sent.length} statements in the transaction (${sent.join(' | ')})`,
          )
          .join('\n'),
      );
      // BEGIN, record (lock + insert + match + locks), write, COMMIT; capped rules add one read.
      expect(uncapped).toHaveLength(4);
      expect(capped).toHaveLength(5);
      expect(backdated).toHaveLength(5);
      expect(batch).toHaveLength(5);
      expect((await verify()).differences).toEqual([]);
      expect(contest.id).toBeTruthy();
    });
  });

  describe('locks', () => {
    let locker: Client;
    beforeEach(async () => {
      locker = new Client({ connectionString: t.databaseUrl });
      await locker.connect();
    });
    afterEach(async () => {
      await locker.end();
    });

    /** Backends waiting for `contestId`'s advisory lock. */
    const waitingFor = async (contestId: string): Promise<number> => {
      const { rows } = await locker.query(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
           AND classid = $1 AND objid = (hashtext($2)::bigint & 4294967295)::oid`,
        [CONTEST_LOCK_NAMESPACE, contestId],
      );
      return rows[0].n as number;
    };
    const until = async (check: () => Promise<boolean>) => {
      const deadline = Date.now() + 15_000;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error('timed out waiting for the lock queue');
        await new Promise((resolve) => setImmediate(resolve));
      }
    };

    it('records for contest B while contest A re-scores, and counts A’s activity exactly once', async () => {
      const rep = await addUser(t.server, org, 'rep');
      const a = await createContest({
        name: 'A',
        participantIds: [rep.user.id],
        rules: [{ activityType: 'call', pointsPerUnit: 1, dailyCap: 10 }],
      });
      const b = await createContest({
        name: 'B',
        participantIds: [rep.user.id],
        rules: [{ activityType: 'meeting', pointsPerUnit: 5 }],
      });
      const post = (body: object) =>
        request(t.server).post('/api/activities').set(bearer(manager.token)).send(body);
      await post({ type: 'call', quantity: 2, userId: rep.user.id }).expect(201);

      // A re-score in progress: hold contest A's exclusive lock, as rescoreContest does.
      await locker.query('BEGIN');
      await locker.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        CONTEST_LOCK_NAMESPACE,
        a.id,
      ]);
      // An edit of A: its definition change commits, its re-score queues behind the lock.
      const edit = request(t.server)
        .patch(`/api/contests/${a.id}`)
        .set(bearer(manager.token))
        .send({ rules: [{ activityType: 'call', pointsPerUnit: 2, dailyCap: 10 }] })
        .then((res) => res);
      await until(async () => (await waitingFor(a.id)) >= 1);
      // An activity for A waits for the re-score …
      const forA = post({ type: 'call', quantity: 3, userId: rep.user.id }).then((res) => res);
      await until(async () => (await waitingFor(a.id)) >= 2);
      // … while one for B (and one counting nowhere) goes through now.
      await post({ type: 'meeting', quantity: 1, userId: rep.user.id }).expect(201);
      await post({ type: 'demo', quantity: 1, userId: rep.user.id }).expect(201);
      expect(await pointsOf(b.id, rep.user.id)).toBe(5);
      expect(await waitingFor(a.id)).toBe(2);

      await locker.query('COMMIT');
      expect((await edit).status).toBe(200);
      expect((await forA).status).toBe(201);
      // 2 + 3 calls at 2 points each under the new rule: both counted, once.
      expect(await pointsOf(a.id, rep.user.id)).toBe(10);
      expect(await pointsOf(b.id, rep.user.id)).toBe(5);
      expect((await verify()).differences).toEqual([]);
    });

    it('counts an activity recorded while its contest is being published exactly once', async () => {
      const rep = await addUser(t.server, org, 'rep');
      const created = (
        await request(t.server)
          .post('/api/contests')
          .set(bearer(manager.token))
          .send({
            name: 'Publishing',
            startsAt: new Date(Date.now() - DAY).toISOString(),
            endsAt: new Date(Date.now() + DAY).toISOString(),
            participantIds: [rep.user.id],
            rules: [{ activityType: 'call', pointsPerUnit: 1, totalCap: 4 }],
          })
          .expect(201)
      ).body as Contest;
      const post = (body: object) =>
        request(t.server).post('/api/activities').set(bearer(manager.token)).send(body);
      await post({ type: 'call', quantity: 3, userId: rep.user.id }).expect(201);
      await locker.query('BEGIN');
      await locker.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        CONTEST_LOCK_NAMESPACE,
        created.id,
      ]);
      const publish = request(t.server)
        .post(`/api/contests/${created.id}/publish`)
        .set(bearer(manager.token))
        .then((res) => res);
      await until(async () => (await waitingFor(created.id)) >= 1);
      // Published now (the definition change committed) but not yet re-scored: a back-dated call
      // waits, and is scored on top of the re-score, which does not see it.
      const late = post({
        type: 'call',
        quantity: 2,
        userId: rep.user.id,
        occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      }).then((res) => res);
      await until(async () => (await waitingFor(created.id)) >= 2);
      await locker.query('COMMIT');
      expect((await publish).status).toBe(200);
      expect((await late).status).toBe(201);
      expect(await pointsOf(created.id, rep.user.id)).toBe(4);
      expect((await verify()).differences).toEqual([]);
    });
  });
});
