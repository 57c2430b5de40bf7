import { randomUUID } from 'node:crypto';
import type { Contest } from '@arena/contracts';
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
} from '../../test/builders';
import { untilPasses } from '../../test/processes';
import { startTestApp, type TestApp } from '../../test/test-app';
import { boardFastPathStats } from './board-fast-path';

/**
 * The board reads' fast path (`board-fast-path.ts`) answers exactly as the normal pipeline: the
 * same status, headers and bytes, for every kind of caller × contest × read, errors included.
 * A request with a non-matching `If-None-Match` takes the normal path (conditional requests are
 * never fast) and is still a 200 with the full body: the reference for each comparison.
 */
describe('board fast path', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'info' });
  });
  afterAll(() => t.close());

  it('gives the normal path’s status, headers and bytes for every caller, contest and read', async () => {
    const org: OrgFixture = await signupOrg(t.server);
    const other = await signupOrg(t.server);
    const manager = await addUser(t.server, org, 'manager');
    const team = await addTeam(t.server, org, 'Closers');
    const listed = await addUser(t.server, org, 'rep', { name: 'Listed' });
    const unlisted = await addUser(t.server, org, 'rep', { name: 'Unlisted' });
    const member = await addUser(t.server, org, 'rep', { name: 'Member', teamId: team.id });
    const create = (fixture: OrgFixture, extra: Record<string, unknown>, publish = true) =>
      addContest(
        t.server,
        fixture,
        {
          rules: [{ activityType: 'call', pointsPerUnit: 2, dailyCap: 3 }],
          goalPoints: 4,
          ...extra,
        },
        publish,
      );
    const contests = {
      listed: await create(org, { participantIds: [listed.user.id, unlisted.user.id] }),
      everyone: await create(org, { participantScope: 'all', participantIds: [] }),
      teams: await create(org, { participantScope: 'teams', participantIds: [team.id] }),
      team: await create(org, { mode: 'team', participantIds: [team.id] }),
      draft: await create(org, { participantIds: [listed.user.id] }, false),
      otherOrg: await create(other, { participantScope: 'all', participantIds: [] }),
    };
    await logActivity(t.server, listed.token, { type: 'call', quantity: 5 });
    await logActivity(t.server, unlisted.token, { type: 'call', quantity: 1 });
    await logActivity(t.server, member.token, { type: 'call', quantity: 2 });
    const display = await addDisplay(t.server, org, [contests.listed.id, contests.team.id]);
    const apiKey = (
      await request(t.server)
        .post('/api/api-keys')
        .set(bearer(org.adminToken))
        .send({ name: 'CRM', scopes: ['activities:write'] })
        .expect(201)
    ).body as { key: string };
    const callers: Record<string, string | null> = {
      admin: org.adminToken,
      manager: manager.token,
      listed: listed.token,
      unlisted: unlisted.token,
      member: member.token,
      display: display.token,
      apiKey: apiKey.key,
      forged: `${org.adminToken.slice(0, -4)}AAAA`,
      none: null,
    };
    const reads = (id: string) => [
      `/api/contests/${id}/leaderboard`,
      `/api/contests/${id}/leaderboard?limit=50`,
      `/api/contests/${id}/leaderboard?limit=1&offset=1`,
      `/api/contests/${id}/leaderboard?around=${listed.user.id}&aroundCount=1`,
      `/api/contests/${id}/leaderboard?around=${randomUUID()}`,
      `/api/contests/${id}/leaderboard?limit=0`,
      `/api/contests/${id}/leaderboard?limit=9999999`,
      `/api/contests/${id}/scores/${listed.user.id}`,
      `/api/contests/${id}/scores/${unlisted.user.id}`,
      `/api/contests/${id}/scores/${member.user.id}`,
      `/api/contests/${id}/scores/${team.id}`,
      `/api/contests/${id}/scores/${randomUUID()}`,
    ];
    const without = (headers: Record<string, string>) => {
      const { date: _date, ...rest } = headers;
      return rest;
    };
    const before = boardFastPathStats.answered;
    let compared = 0;
    const statuses = new Set<number>();
    for (const [who, token] of Object.entries(callers)) {
      for (const [what, contest] of Object.entries(contests)) {
        for (const path of [...reads(contest.id), `/api/contests/${randomUUID()}/leaderboard`]) {
          const auth = token ? bearer(token) : {};
          const label = `${who} → ${what}: ${path}`;
          // Again while a live flush lands between the two (the board's seq moved): settled,
          // both must agree; a difference of the fast path's own would stay.
          await untilPasses(async () => {
            const fast = await request(t.server).get(path).set(auth);
            const normal = await request(t.server)
              .get(path)
              .set(auth)
              .set('If-None-Match', '"the normal path"');
            expect({ label, status: fast.status, body: fast.text }).toEqual({
              label,
              status: normal.status,
              body: normal.text,
            });
            expect({ label, headers: without(fast.headers) }).toEqual({
              label,
              headers: without(normal.headers),
            });
            statuses.add(fast.status);
          }, 5_000);
          compared += 1;
        }
      }
    }
    // Every kind of answer was compared, and the 200s came from the fast path.
    expect([...statuses].sort()).toEqual([200, 400, 401, 403, 404]);
    expect(compared).toBeGreaterThan(500);
    expect(boardFastPathStats.answered - before).toBeGreaterThan(50);
    // About 1,700 requests: minutes on a loaded machine.
  }, 180_000);

  it('is not taken when the request is unusual, and reads its own writes', async () => {
    const org = await signupOrg(t.server);
    const rep = await addUser(t.server, org, 'rep', { name: 'Rep' });
    const contest = (
      await request(t.server)
        .post('/api/contests')
        .set(bearer(org.adminToken))
        .send({
          name: 'Fast',
          startsAt: new Date(Date.now() - 86_400_000).toISOString(),
          endsAt: new Date(Date.now() + 86_400_000).toISOString(),
          rules: [{ activityType: 'call', pointsPerUnit: 2 }],
          participantScope: 'all',
          participantIds: [],
        })
        .expect(201)
    ).body as Contest;
    await request(t.server)
      .post(`/api/contests/${contest.id}/publish`)
      .set(bearer(org.adminToken))
      .expect(200);
    const path = `/api/contests/${contest.id}/leaderboard?limit=5`;
    const fastly = async (run: () => Promise<request.Response>) => {
      const before = boardFastPathStats.answered;
      const res = await run();
      return { status: res.status, fast: boardFastPathStats.answered - before, body: res.body };
    };
    const read = () => request(t.server).get(path).set(bearer(org.adminToken));
    expect((await fastly(read)).fast).toBe(1);
    // Unusual forms go the normal way (and answer as they always did).
    for (const odd of [`${path}&limit=6`, `${path}&extra=1`, path.replace('/api/', '/API/')])
      expect(
        await fastly(() => request(t.server).get(odd).set(bearer(org.adminToken))),
      ).toMatchObject({ fast: 0 });
    expect(
      await fastly(() => request(t.server).head(path).set(bearer(org.adminToken))),
    ).toMatchObject({ status: 200, fast: 0 });
    // A write shows on the very next (fast) read.
    await logActivity(t.server, rep.token, { type: 'call', quantity: 3 });
    const after = await fastly(read);
    expect(after.fast).toBe(1);
    expect(after.body.entries[0]).toMatchObject({ rank: 1, points: 6 });
    const mine = await fastly(() =>
      request(t.server)
        .get(`/api/contests/${contest.id}/scores/${rep.user.id}`)
        .set(bearer(rep.token)),
    );
    expect(mine).toMatchObject({ status: 200, fast: 1, body: { rank: 1, points: 6 } });
  });
});
