import request from 'supertest';
import { addUser, bearer, signupOrg, type OrgFixture, type UserFixture } from '../../test/builders';
import { startTestApp, type TestApp } from '../../test/test-app';

/** A small deterministic generator, so a failing seed can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return {
    int: (max: number) => Math.floor(next() * max),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
  };
}

/**
 * The shipped incremental path — singles, batches, voids, back-dated activities under daily and
 * total caps, multipliers, concurrent writers — against a full recomputation from the log
 * (`verify-scores`, which runs `ScoreKeeper.computeContest`): the kept scores, every scored
 * activity and every breakdown line must agree after each round.
 */
describe('incremental scoring equals a recomputation (property)', () => {
  let t: TestApp;
  let org: OrgFixture;
  let manager: UserFixture;
  const DAY = 86_400_000;
  const TYPES = ['call', 'meeting', 'demo', 'deal_won', 'referral'] as const;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const verify = async () =>
    (
      await request(t.server)
        .post('/api/admin/verify-scores')
        .set(bearer(org.adminToken))
        .expect(200)
    ).body as { differences: unknown[]; activitiesChecked: number };

  const publish = async (body: Record<string, unknown>) => {
    const created = await request(t.server)
      .post('/api/contests')
      .set(bearer(manager.token))
      .send(body)
      .expect(201);
    await request(t.server)
      .post(`/api/contests/${created.body.id}/publish`)
      .set(bearer(manager.token))
      .expect(200);
  };

  it.each([11, 2024, 77_777])('seed %i', async (seed) => {
    const rng = random(seed);
    org = await signupOrg(t.server, { timezone: 'America/New_York' });
    manager = await addUser(t.server, org, 'manager');
    const reps = await Promise.all(Array.from({ length: 3 }, () => addUser(t.server, org, 'rep')));
    const now = Date.now();
    const ids = reps.map((rep) => rep.user.id);
    await publish({
      name: 'Caps and multipliers',
      startsAt: new Date(now - 9 * DAY).toISOString(),
      endsAt: new Date(now + DAY).toISOString(),
      participantIds: ids,
      rules: [
        { activityType: 'call', pointsPerUnit: 1.5, dailyCap: 4 },
        { activityType: 'meeting', pointsPerUnit: 1.25 },
        { activityType: 'demo', pointsPerUnit: 7, totalCap: 9 },
        { activityType: 'deal_won', pointsPerUnit: 20, dailyCap: 2, totalCap: 5 },
      ],
      multipliers: [
        {
          startsAt: new Date(now - 5 * DAY).toISOString(),
          endsAt: new Date(now - 3 * DAY).toISOString(),
          factor: 1.5,
          activityTypes: ['call', 'meeting'],
        },
        {
          startsAt: new Date(now - 4 * DAY).toISOString(),
          endsAt: new Date(now - 2 * DAY).toISOString(),
          factor: 2,
        },
      ],
    });
    await publish({
      name: 'Two reps, another zone, a shorter window',
      startsAt: new Date(now - 6 * DAY).toISOString(),
      endsAt: new Date(now - DAY).toISOString(),
      timezone: 'Asia/Kolkata',
      participantIds: ids.slice(0, 2),
      rules: [
        { activityType: 'call', pointsPerUnit: 2, totalCap: 6 },
        { activityType: 'referral', pointsPerUnit: 3, dailyCap: 1 },
      ],
    });

    const recorded: string[] = [];
    const item = () => ({
      type: rng.pick(TYPES),
      quantity: 1 + rng.int(3),
      userId: rng.pick(ids),
      // Anywhere in the last 10 days, in random order: most arrive back-dated.
      occurredAt: new Date(now - rng.int(10 * DAY)).toISOString(),
    });
    const single = async () => {
      const res = await request(t.server)
        .post('/api/activities')
        .set(bearer(manager.token))
        .send(item())
        .expect(201);
      recorded.push(res.body.id);
    };
    const batch = async () => {
      const res = await request(t.server)
        .post('/api/activities/batch')
        .set(bearer(manager.token))
        .send({ activities: Array.from({ length: 2 + rng.int(40) }, item) })
        .expect(201);
      recorded.push(...res.body.activities.map((a: { id: string }) => a.id));
    };
    const voidOne = async () => {
      if (recorded.length === 0) return;
      const [id] = recorded.splice(rng.int(recorded.length), 1);
      await request(t.server)
        .post(`/api/activities/${id}/void`)
        .set(bearer(manager.token))
        .send({ reason: 'property test' })
        .expect(200);
    };

    for (let round = 0; round < 4; round++) {
      for (let op = 0; op < 6; op++) {
        const roll = rng.int(10);
        if (roll < 5) await single();
        else if (roll < 7) await batch();
        else if (roll < 9) await voidOne();
        // Concurrent writers: singles and a batch at once, often of the same rep.
        else await Promise.all([single(), single(), batch(), single()]);
      }
      const report = await verify();
      expect(report.differences).toEqual([]);
    }
    expect((await verify()).activitiesChecked).toBeGreaterThan(20);
  });
});
