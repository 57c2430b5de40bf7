import type { Contest } from '@arena/contracts';
import request from 'supertest';
import { addUser, bearer, signupOrg, type OrgFixture, type UserFixture } from '../../test/builders';
import { startTestApp, type TestApp } from '../../test/test-app';
import { ScoreKeeper } from './score-keeper';

/**
 * Ordinary concurrent CRM traffic must never deadlock into a 500: every write path takes its locks
 * in one global order, and a serialisation failure or deadlock left over is retried in the server.
 */
describe('concurrent writers', () => {
  let t: TestApp;
  let org: OrgFixture;
  let manager: UserFixture;

  const DAY = 86_400_000;
  const start = Date.now() - 6 * DAY;

  const createContest = async (participantIds: string[]): Promise<Contest> => {
    const created = (
      await request(t.server)
        .post('/api/contests')
        .set(bearer(manager.token))
        .send({
          name: 'Capped race',
          startsAt: new Date(start - DAY).toISOString(),
          endsAt: new Date(Date.now() + DAY).toISOString(),
          participantIds,
          rules: [
            { activityType: 'call', pointsPerUnit: 1, dailyCap: 5, totalCap: 40 },
            { activityType: 'meeting', pointsPerUnit: 3 },
          ],
        })
        .expect(201)
    ).body as Contest;
    await request(t.server)
      .post(`/api/contests/${created.id}/publish`)
      .set(bearer(manager.token))
      .expect(200);
    return created;
  };
  const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
  const verify = async () =>
    (
      await request(t.server)
        .post('/api/admin/verify-scores')
        .set(bearer(org.adminToken))
        .expect(200)
    ).body;
  const statuses = (responses: request.Response[]) =>
    responses.map((res) => (res.status >= 500 ? `${res.status} ${res.text}` : res.status));

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    org = await signupOrg(t.server);
    manager = await addUser(t.server, org, 'manager');
  });
  afterAll(() => t.close());

  it('voids 20 activities of one rep at once without a 5xx', async () => {
    const rep = await addUser(t.server, org, 'rep');
    await createContest([rep.user.id]);
    const batch = await request(t.server)
      .post('/api/activities/batch')
      .set(bearer(manager.token))
      .send({
        activities: Array.from({ length: 30 }, (_, i) => ({
          type: i % 6 === 5 ? 'meeting' : 'call',
          quantity: 1,
          userId: rep.user.id,
          occurredAt: at(i * 97),
        })),
      })
      .expect(201);
    const ids = (batch.body.activities as Array<{ id: string }>).map((a) => a.id);
    const voids = await Promise.all(
      ids
        .slice(0, 20)
        .map((id) =>
          request(t.server)
            .post(`/api/activities/${id}/void`)
            .set(bearer(manager.token))
            .send({ reason: 'CRM sync correction' }),
        ),
    );
    expect(statuses(voids)).toEqual(Array(20).fill(200));
    expect((await verify()).differences).toEqual([]);
  });

  it('mixes voids with back-dated single ingests under a capped rule without a 5xx', async () => {
    const reps = [await addUser(t.server, org, 'rep'), await addUser(t.server, org, 'rep')];
    await createContest(reps.map((rep) => rep.user.id));
    const seeded: string[] = [];
    for (const rep of reps) {
      const batch = await request(t.server)
        .post('/api/activities/batch')
        .set(bearer(manager.token))
        .send({
          activities: Array.from({ length: 15 }, (_, i) => ({
            type: 'call',
            quantity: 2,
            userId: rep.user.id,
            occurredAt: at(2000 + i * 211),
          })),
        })
        .expect(201);
      seeded.push(...(batch.body.activities as Array<{ id: string }>).map((a) => a.id));
    }
    const work: Array<Promise<request.Response>> = [];
    for (let i = 0; i < 30; i++) {
      if (i % 2 === 0) {
        work.push(
          request(t.server)
            .post(`/api/activities/${seeded[i]}/void`)
            .set(bearer(manager.token))
            .send({ reason: 'duplicate' }),
        );
      } else {
        work.push(
          request(t.server)
            .post('/api/activities')
            .set(bearer(manager.token))
            .send({
              type: i % 3 === 0 ? 'meeting' : 'call',
              quantity: 1,
              userId: reps[i % 2].user.id,
              // Back-dated, before most of the seeded calls: each re-scores the capped suffix.
              occurredAt: at(1000 + i * 37),
            }),
        );
      }
    }
    const responses = await Promise.all(work);
    expect(statuses(responses)).toEqual(
      Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? 200 : 201)),
    );
    expect((await verify()).differences).toEqual([]);
  });

  it('takes three streams of back-dated batches over the same reps in rotating order without a 5xx', async () => {
    const reps: UserFixture[] = [];
    for (let i = 0; i < 6; i++) reps.push(await addUser(t.server, org, 'rep'));
    await createContest(reps.map((rep) => rep.user.id));
    // Per batch, half the reps get only uncapped meetings and half back-dated capped calls, and
    // which half rotates: each batch needs the score rows of every rep it touches.
    const stream = async (offset: number) => {
      const answers: request.Response[] = [];
      for (let round = 0; round < 8; round++) {
        const order = reps.map((_, i) => reps[(i + offset + round) % reps.length]);
        answers.push(
          await request(t.server)
            .post('/api/activities/batch')
            .set(bearer(manager.token))
            .send({
              activities: order.flatMap((rep, i) => [
                {
                  type: i % 2 ? 'call' : 'meeting',
                  quantity: 1,
                  userId: rep.user.id,
                  occurredAt: at(5000 - round * 300 - i * 13 - offset * 7),
                  // Shared ids across streams, met in rotating order: duplicates, never deadlocks.
                  externalId: `crm-${round}-${(i + offset) % reps.length}`,
                },
                {
                  type: i % 2 ? 'call' : 'meeting',
                  quantity: 1,
                  userId: rep.user.id,
                  occurredAt: at(4000 - round * 250 - i * 11 - offset * 5),
                },
              ]),
            }),
        );
      }
      return answers;
    };
    const responses = (await Promise.all([stream(0), stream(2), stream(4)])).flat();
    expect(statuses(responses)).toEqual(Array(24).fill(201));
    // Each externalId stored once whatever stream won it.
    const log = await request(t.server)
      .get('/api/activities?limit=500')
      .set(bearer(manager.token))
      .expect(200);
    expect(log.body.total).toBe(8 * 6 + 3 * 8 * 6);
    expect((await verify()).differences).toEqual([]);
  });
  it.each([
    ['into the shared partition', 50_000],
    ['each into a partition of its own, swapped in', 1],
  ])(
    're-scores contest edits %s while activities arrive and are voided, without a 5xx',
    async (_, ownPartitionRows) => {
      t.app.get(ScoreKeeper).rescorer.ownPartitionRows = ownPartitionRows;
      const reps = [await addUser(t.server, org, 'rep'), await addUser(t.server, org, 'rep')];
      const contest = await createContest(reps.map((rep) => rep.user.id));
      const seeded = await request(t.server)
        .post('/api/activities/batch')
        .set(bearer(manager.token))
        .send({
          activities: Array.from({ length: 12 }, (_, i) => ({
            type: 'call',
            quantity: 1,
            userId: reps[i % 2].user.id,
            occurredAt: at(3000 + i * 53),
          })),
        })
        .expect(201);
      const ids = (seeded.body.activities as Array<{ id: string }>).map((a) => a.id);
      const work: Array<Promise<request.Response>> = [];
      for (let i = 0; i < 24; i++) {
        const kind = i % 3;
        work.push(
          kind === 0
            ? request(t.server)
                .patch(`/api/contests/${contest.id}`)
                .set(bearer(manager.token))
                .send({
                  rules: [
                    { activityType: 'call', pointsPerUnit: 1 + (i % 4), dailyCap: 4 + (i % 3) },
                    { activityType: 'meeting', pointsPerUnit: 3 },
                  ],
                })
            : kind === 1
              ? request(t.server)
                  .post('/api/activities')
                  .set(bearer(manager.token))
                  .send({
                    type: i % 2 ? 'call' : 'meeting',
                    quantity: 1,
                    userId: reps[i % 2].user.id,
                    occurredAt: at(2500 + i * 41),
                  })
              : request(t.server)
                  .post(`/api/activities/${ids[Math.floor(i / 3)]}/void`)
                  .set(bearer(manager.token))
                  .send({ reason: 'CRM correction' }),
        );
      }
      const responses = await Promise.all(work);
      expect(statuses(responses)).toEqual(
        Array.from({ length: 24 }, (_, i) => [200, 201, 200][i % 3]),
      );
      expect((await verify()).differences).toEqual([]);
    },
  );
});
