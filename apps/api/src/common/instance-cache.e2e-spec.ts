import request from 'supertest';
import { DataSource } from 'typeorm';
import { addUser, bearer, signupOrg, type OrgFixture, type UserFixture } from '../../test/builders';
import { untilPasses } from '../../test/processes';
import { startTestApp, type TestApp } from '../../test/test-app';
import { InstanceCaches } from './instance-cache';

const DAY = 86_400_000;

describe('instance caches (session standings and board contests, kept exact by commit notices)', () => {
  let a: TestApp;
  let b: TestApp;
  let db: DataSource;
  let org: OrgFixture;
  let manager: UserFixture;
  let contestId: string;

  const board = (t: TestApp, token: string) =>
    request(t.server).get(`/api/contests/${contestId}/leaderboard?limit=5`).set(bearer(token));

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp();
    db = a.app.get(DataSource);
    org = await signupOrg(a.server);
    manager = await addUser(a.server, org, 'manager');
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  /** A published contest listing `reps`, created on instance a. */
  async function contestOf(reps: UserFixture[]): Promise<string> {
    const created = await request(a.server)
      .post('/api/contests')
      .set(bearer(manager.token))
      .send({
        name: `Cached ${Date.now()}`,
        startsAt: new Date(Date.now() - DAY).toISOString(),
        endsAt: new Date(Date.now() + DAY).toISOString(),
        participantIds: reps.map((rep) => rep.user.id),
        rules: [{ activityType: 'call', pointsPerUnit: 1 }],
      })
      .expect(201);
    await request(a.server)
      .post(`/api/contests/${created.body.id}/publish`)
      .set(bearer(manager.token))
      .expect(200);
    return created.body.id as string;
  }

  test('a token signed out on one instance is refused at once there, and on the other once its notice arrives', async () => {
    const rep = await addUser(a.server, org, 'rep');
    contestId = await contestOf([rep]);
    // Both instances have read (and keep) the token's standing and the contest.
    for (const t of [a, b, a, b]) await board(t, rep.token).expect(200);

    await request(a.server).post('/api/auth/logout').set(bearer(rep.token)).expect(204);
    await board(a, rep.token).expect(401);
    await untilPasses(async () => {
      await board(b, rep.token).expect(401);
    });
  });

  test('a rep taken off a contest on one instance stops reading its board on both', async () => {
    const [stays, leaves] = [
      await addUser(a.server, org, 'rep'),
      await addUser(a.server, org, 'rep'),
    ];
    contestId = await contestOf([stays, leaves]);
    for (const t of [a, b, a, b]) await board(t, leaves.token).expect(200);

    await request(a.server)
      .patch(`/api/contests/${contestId}`)
      .set(bearer(manager.token))
      .send({ participantIds: [stays.user.id] })
      .expect(200);
    await board(a, leaves.token).expect(404);
    await untilPasses(async () => {
      await board(b, leaves.token).expect(404);
    });
    await board(b, stays.token).expect(200);
  });

  test('a change no instance made (plain SQL) reaches every instance through its commit notice', async () => {
    const rep = await addUser(a.server, org, 'rep');
    contestId = await contestOf([rep]);
    for (const t of [a, b, a, b]) await board(t, rep.token).expect(200);

    await db.query('UPDATE users SET active = false WHERE id = $1', [rep.user.id]);
    await untilPasses(async () => {
      expect((await board(a, rep.token)).status).toBe(401);
      expect((await board(b, rep.token)).status).toBe(401);
    });
  });

  test('a change to what no cache holds (a rename) sends no notice and keeps the entries', async () => {
    const caches = a.app.get(InstanceCaches);
    const cache = caches.create<string>(10);
    const [renamed, barrier] = [
      await addUser(a.server, org, 'rep'),
      await addUser(a.server, org, 'rep'),
    ];
    await cache.read('k', [`user:${renamed.user.id}`], async () => 'kept');
    await db.query(`UPDATE users SET name = 'Renamed' WHERE id = $1`, [renamed.user.id]);
    await db.query(`UPDATE users SET token_version = token_version + 1 WHERE id = $1`, [
      barrier.user.id,
    ]);
    // Notices arrive in commit order: once the second statement's has, the first sent none.
    await untilPasses(async () => {
      await board(a, barrier.token).expect(401);
    });
    expect(cache.size).toBe(1);
  });

  test('a value read while one of its tags was invalidated is answered but not kept', async () => {
    const caches = a.app.get(InstanceCaches);
    const cache = caches.create<string>(10);
    let release: (value: string) => void = () => undefined;
    const first = cache.read('k', ['thing:1'], () => new Promise<string>((r) => (release = r)));
    caches.invalidate('thing:1');
    release('older');
    await expect(first).resolves.toBe('older');
    expect(cache.size).toBe(0);

    let loads = 0;
    const load = async () => {
      loads += 1;
      return 'newer';
    };
    await expect(cache.read('k', ['thing:1'], load)).resolves.toBe('newer');
    await expect(cache.read('k', ['thing:1'], load)).resolves.toBe('newer');
    expect(loads).toBe(1);
    caches.invalidate('thing:1');
    await expect(cache.read('k', ['thing:1'], load)).resolves.toBe('newer');
    expect(loads).toBe(2);
  });

  test('while the LISTEN connection is down every cache is empty and bypassed, and kept again once it is back', async () => {
    const caches = b.app.get(InstanceCaches);
    const cache = caches.create<number>(10);
    let loads = 0;
    const load = async () => ++loads;
    await cache.read('k', ['thing:2'], load);
    expect(cache.size).toBe(1);

    await db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'arena-listener' AND datname = current_database()`,
    );
    await untilPasses(() => expect(cache.size).toBe(0));
    await untilPasses(() => expect(caches.enabled).toBe(true));
    // Back: read once more, then kept.
    const before = loads;
    await cache.read('k', ['thing:2'], load);
    await cache.read('k', ['thing:2'], load);
    expect(loads).toBe(before + 1);

    // The board still answers on both instances, from the database and then from the caches.
    const rep = await addUser(a.server, org, 'rep');
    contestId = await contestOf([rep]);
    for (const t of [a, b, a, b]) await board(t, rep.token).expect(200);
  });
});
