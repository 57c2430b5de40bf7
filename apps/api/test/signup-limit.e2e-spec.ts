import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { PASSWORD, uniqueEmail } from './builders';
import { startTestApp, type TestApp } from './test-app';

describe('sign-up rate limit (issue 11 point 12)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // An empty value reads as unset: the limit at its real default.
    t = await startTestApp({ SIGNUP_RATE_LIMIT: '' });
  });
  afterAll(() => t.close());

  it('answers 429 to the 6th sign-up from one address in 10 minutes, creating nothing', async () => {
    expect(t.config.signupRateLimit).toBe(5);
    const tag = randomUUID().slice(0, 8);
    const signup = (n: number) =>
      request(t.server)
        .post('/api/orgs')
        .send({
          orgName: `Flood ${tag} ${n}`,
          adminName: 'Flo Od',
          adminEmail: uniqueEmail('flood'),
          adminPassword: PASSWORD,
        });
    for (let n = 0; n < 5; n++) await signup(n).expect(201);
    const limited = await signup(5).expect(429);
    expect(limited.body).toMatchObject({
      statusCode: 429,
      code: 'rate_limited',
      error: 'Too Many Requests',
    });
    expect(Number(limited.headers['retry-after-signup'])).toBeGreaterThan(0);
    const [{ count }] = await t.app
      .get(DataSource)
      .query('SELECT count(*)::int AS count FROM organizations WHERE name LIKE $1', [
        `Flood ${tag} %`,
      ]);
    expect(count).toBe(5);
  });

  it('does not count sign-ins against the sign-up budget, nor sign-ups against sign-in', async () => {
    // The budget of this address is spent by the test above; signing in still works.
    await request(t.server)
      .post('/api/auth/login')
      .send({ email: uniqueEmail(), password: PASSWORD })
      .expect(401);
  });
});
