import type { Contest, Leaderboard } from '@arena/contracts';
import request from 'supertest';
import {
  addTeam,
  addUser,
  bearer,
  signupOrg,
  type OrgFixture,
  type UserFixture,
} from '../../test/builders';
import { startTestApp, type TestApp } from '../../test/test-app';

/** A small deterministic generator, so a failing run can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return {
    next,
    int: (max: number) => Math.floor(next() * max),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
  };
}

describe('kept scores under concurrency and disorder', () => {
  let t: TestApp;
  let org: OrgFixture;
  let manager: UserFixture;

  const createContest = async (body: object): Promise<Contest> => {
    const created = (
      await request(t.server)
        .post('/api/contests')
        .set(bearer(manager.token))
        .send(body)
        .expect(201)
    ).body;
    return (
      await request(t.server)
        .post(`/api/contests/${created.id}/publish`)
        .set(bearer(manager.token))
        .expect(200)
    ).body;
  };
  const verify = async () =>
    (
      await request(t.server)
        .post('/api/admin/verify-scores')
        .set(bearer(org.adminToken))
        .expect(200)
    ).body;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    org = await signupOrg(t.server, { timezone: 'Asia/Kolkata' });
    manager = await addUser(t.server, org, 'manager');
  });
  afterAll(() => t.close());

  it('counts 50 concurrent activities of one rep exactly once each, caps included', async () => {
    const rep = await addUser(t.server, org, 'rep', { name: 'Rita' });
    const now = Date.now();
    const contest = await createContest({
      name: 'Burst',
      startsAt: new Date(now - 3 * 86_400_000).toISOString(),
      endsAt: new Date(now + 86_400_000).toISOString(),
      participantIds: [rep.user.id],
      rules: [
        { activityType: 'call', pointsPerUnit: 1.5, dailyCap: 30 },
        { activityType: 'demo', pointsPerUnit: 7 },
      ],
    });
    // All 50 land on one local day well inside the window, in shuffled time order: from 04:00 in
    // Kolkata two days ago (`now − 2 days` crossed local midnight when run 17:40–18:30 UTC).
    const kolkata = 5.5 * 3_600_000;
    const dayStart =
      Math.floor((now + kolkata) / 86_400_000) * 86_400_000 -
      kolkata -
      2 * 86_400_000 +
      4 * 3_600_000;
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        request(t.server)
          .post('/api/activities')
          .set(bearer(i % 2 ? rep.token : manager.token))
          .send({
            type: i % 5 === 0 ? 'demo' : 'call',
            quantity: 1,
            userId: rep.user.id,
            occurredAt: new Date(dayStart + ((i * 7919) % 50) * 60_000).toISOString(),
          })
          .expect(201),
      ),
    );
    const board = (
      await request(t.server)
        .get(`/api/contests/${contest.id}/leaderboard`)
        .set(bearer(manager.token))
        .expect(200)
    ).body as Leaderboard;
    // 40 calls, of which 30 count (×1.5 = 45), and 10 demos (×7 = 70).
    expect(board.entries[0]).toMatchObject({ points: 115 });
    expect(board.entries[0].breakdown).toEqual([
      { activityType: 'call', units: 40, countedUnits: 30, points: 45 },
      { activityType: 'demo', units: 10, countedUnits: 10, points: 70 },
    ]);
    expect((await verify()).differences).toEqual([]);
  });

  it('matches a recomputation after thousands of activities with late arrivals, voids and a rule edit', async () => {
    const rng = random(20261126);
    const team = await addTeam(t.server, org, 'Everyone');
    const reps: UserFixture[] = [];
    for (let i = 0; i < 8; i++)
      reps.push(await addUser(t.server, org, 'rep', { name: `Rep ${i}`, teamId: team.id }));
    const start = Date.now() - 20 * 86_400_000;
    const rules = [
      { activityType: 'call', pointsPerUnit: 1, dailyCap: 12 },
      { activityType: 'meeting', pointsPerUnit: 5, totalCap: 40 },
      { activityType: 'demo', pointsPerUnit: 12.5, dailyCap: 2, totalCap: 15 },
      { activityType: 'revenue', pointsPerUnit: 0.01 },
    ];
    const window = {
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    };
    const multipliers = Array.from({ length: 4 }, (_, i) => {
      const from = start + (2 + i * 4) * 86_400_000 + rng.int(12) * 3_600_000;
      return {
        startsAt: new Date(from).toISOString(),
        endsAt: new Date(from + 5 * 3_600_000).toISOString(),
        factor: [2, 1.5, 3, 1.25][i],
        activityTypes: i % 2 ? null : ['call', 'demo'],
      };
    });
    const individual = await createContest({
      name: 'Random',
      ...window,
      participantIds: reps.slice(0, 6).map((r) => r.user.id),
      rules,
      multipliers,
      goalPoints: 150,
    });
    const teams = await createContest({
      name: 'Random teams',
      ...window,
      mode: 'team',
      teamAggregation: 'average',
      participantIds: [team.id],
      rules,
      multipliers,
    });

    const types = ['call', 'call', 'call', 'meeting', 'demo', 'revenue', 'referral'];
    const ids: string[] = [];
    for (let batch = 0; batch < 12; batch++) {
      const activities = Array.from({ length: 150 + rng.int(150) }, () => {
        const type = rng.pick(types);
        return {
          type,
          quantity:
            type === 'revenue' ? Number(((1 + rng.int(500000)) / 100).toFixed(2)) : 1 + rng.int(4),
          userId: rng.pick(reps).user.id,
          // Anywhere in the window, so most batches carry back-dated activities.
          occurredAt: new Date(start + rng.int(Date.now() - start - 60_000)).toISOString(),
          externalId: rng.next() < 0.05 ? `dup-${rng.int(20)}` : undefined,
        };
      });
      const res = await request(t.server)
        .post('/api/activities/batch')
        .set(bearer(manager.token))
        .send({ activities })
        .expect(201);
      ids.push(
        ...res.body.activities
          .filter((a: { duplicate: boolean }) => !a.duplicate)
          .map((a: { id: string }) => a.id),
      );
      for (let v = 0; v < 8; v++) {
        await request(t.server)
          .post(`/api/activities/${rng.pick(ids)}/void`)
          .set(bearer(manager.token))
          .send({ reason: 'random void' });
      }
      if (batch === 6) {
        await request(t.server)
          .patch(`/api/contests/${individual.id}`)
          .set(bearer(manager.token))
          .send({
            rules: rules.map((rule) =>
              rule.activityType === 'call' ? { ...rule, dailyCap: 9, pointsPerUnit: 1.25 } : rule,
            ),
          })
          .expect(200);
      }
    }
    expect(ids.length).toBeGreaterThan(2000);
    const report = await verify();
    expect(report.differences).toEqual([]);
    expect(report.contestsChecked).toBe(2);
    expect(report.activitiesChecked).toBeGreaterThan(2000);
    const board = (
      await request(t.server)
        .get(`/api/contests/${teams.id}/leaderboard`)
        .set(bearer(manager.token))
        .expect(200)
    ).body as Leaderboard;
    expect(board.entries).toHaveLength(1);
    expect(board.entries[0].points).toBeGreaterThan(0);
  }, 90_000);
});
