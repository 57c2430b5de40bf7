import request from 'supertest';
import { LOGIN_LIMITS } from '../src/auth/auth.module';
import { PASSWORD, signupOrg } from './builders';
import {
  describeWithRedisServer,
  killRedis,
  startApiInstance,
  startRedis,
  stopApiInstance,
  type ApiInstance,
  type RedisProcess,
} from './processes';

const login = (instance: ApiInstance, email: string, password: string) =>
  request(instance.url).post('/api/auth/login').send({ email, password });

// Two real `node apps/api/dist/main.js` processes, as docker-compose runs them, on a Redis of the
// test's own: the sign-in budget is one budget, whichever instance an attempt reaches.
describeWithRedisServer('rate limits shared by two API instances through Redis', () => {
  let redis: RedisProcess | undefined;
  let a: ApiInstance;
  let b: ApiInstance;

  beforeAll(async () => {
    const shared = await startRedis();
    redis = shared;
    [a, b] = await Promise.all([
      startApiInstance({ REDIS_URL: shared.url }),
      startApiInstance({ REDIS_URL: shared.url }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([stopApiInstance(a), stopApiInstance(b)]);
    await killRedis(redis);
  });

  it(`limits ${LOGIN_LIMITS.perAccount} sign-in attempts across both instances together`, async () => {
    const { admin } = await signupOrg(a.url);
    for (let attempt = 0; attempt < LOGIN_LIMITS.perAccount; attempt++) {
      const instance = attempt % 2 === 0 ? a : b;
      await login(instance, admin.email, `guess ${attempt}`).expect(401);
    }
    // Each instance has seen only half the attempts; together they are the whole budget.
    await login(b, admin.email, PASSWORD).expect(429);
    const limited = await login(a, admin.email, PASSWORD).expect(429);
    expect(Number(limited.headers['retry-after-login-account'])).toBeGreaterThan(0);
  });

  it('counts on each instance alone while Redis is down, and still signs people in', async () => {
    const { admin } = await signupOrg(a.url);
    await killRedis(redis);
    await login(a, admin.email, PASSWORD).expect(200);
    for (let attempt = 1; attempt < LOGIN_LIMITS.perAccount; attempt++)
      await login(a, admin.email, `guess ${attempt}`).expect(401);
    await login(a, admin.email, PASSWORD).expect(429);
    // The outage is logged once, not once per attempt.
    const warnings = a.output
      .join('')
      .split('\n')
      .filter((line) => line.includes('rate limits count on this instance alone'));
    expect(warnings).toHaveLength(1);
  });
});
