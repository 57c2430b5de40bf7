import request from 'supertest';
import { LOGIN_LIMITS } from '../src/auth/auth.module';
import { addUser, PASSWORD, signupOrg, type OrgFixture } from './builders';
import {
  describeWithRedisServer,
  killRedis,
  startApiInstance,
  startRedis,
  stopApiInstance,
  type ApiInstance,
  type RedisProcess,
} from './processes';

/** Sign-ups per address per window on both instances (SIGNUP_RATE_LIMIT), kept small here. */
const SIGNUPS = 3;

const login = (instance: ApiInstance, email: string, password: string) =>
  request(instance.url).post('/api/auth/login').send({ email, password });

// Two real `node apps/api/dist/main.js` processes, as docker-compose runs them, on a Redis of the
// test's own: the sign-in budget is one budget, whichever instance an attempt reaches.
describeWithRedisServer('rate limits shared by two API instances through Redis', () => {
  let redis: RedisProcess | undefined;
  let a: ApiInstance;
  let b: ApiInstance;
  let org: OrgFixture;

  beforeAll(async () => {
    const shared = await startRedis();
    redis = shared;
    [a, b] = await Promise.all([
      startApiInstance({ REDIS_URL: shared.url, SIGNUP_RATE_LIMIT: String(SIGNUPS) }),
      startApiInstance({ REDIS_URL: shared.url, SIGNUP_RATE_LIMIT: String(SIGNUPS) }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([stopApiInstance(a), stopApiInstance(b)]);
    await killRedis(redis);
  });

  it(`limits ${SIGNUPS} sign-ups across both instances together`, async () => {
    org = await signupOrg(a.url);
    for (let signup = 1; signup < SIGNUPS; signup++) await signupOrg(signup % 2 ? b.url : a.url);
    await request(b.url)
      .post('/api/orgs')
      .send({
        orgName: 'One too many',
        timezone: 'UTC',
        adminName: 'Mallory',
        adminEmail: 'mallory@example.com',
        adminPassword: PASSWORD,
      })
      .expect(429);
  });

  it(`limits ${LOGIN_LIMITS.perAccount} sign-in attempts across both instances together`, async () => {
    // addUser signs the new user in once, on A: the first attempt of the budget.
    const { user } = await addUser(a.url, org, 'rep');
    for (let attempt = 1; attempt < LOGIN_LIMITS.perAccount; attempt++) {
      const instance = attempt % 2 === 0 ? a : b;
      await login(instance, user.email, `guess ${attempt}`).expect(401);
    }
    // Each instance has seen only half the attempts; together they are the whole budget.
    await login(b, user.email, PASSWORD).expect(429);
    const limited = await login(a, user.email, PASSWORD).expect(429);
    expect(Number(limited.headers['retry-after-login-account'])).toBeGreaterThan(0);
  });

  it('counts on each instance alone while Redis is down, and still signs people in', async () => {
    const { user } = await addUser(a.url, org, 'rep'); // its sign-in is counted in Redis
    await killRedis(redis);
    for (let attempt = 0; attempt < LOGIN_LIMITS.perAccount; attempt++)
      await login(a, user.email, attempt === 0 ? PASSWORD : `guess ${attempt}`).expect(
        attempt === 0 ? 200 : 401,
      );
    await login(a, user.email, PASSWORD).expect(429);
    // The outage is logged once, not once per attempt.
    const warnings = a.output
      .join('')
      .split('\n')
      .filter((line) => line.includes('rate limits count on this instance alone'));
    expect(warnings).toHaveLength(1);
  });
});
