import request from 'supertest';
import { LOGIN_LIMITS } from '../src/auth/auth.module';
import { PASSWORD, signupOrg } from './builders';
import { startTestApp, type TestApp } from './test-app';

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it(`answers 429 after ${LOGIN_LIMITS.perAccount} attempts on one account, even with the right password`, async () => {
    const { admin } = await signupOrg(t.server);
    for (let attempt = 0; attempt < LOGIN_LIMITS.perAccount; attempt++) {
      await request(t.server)
        .post('/api/auth/login')
        .send({ email: admin.email, password: 'guess ' + attempt })
        .expect(401);
    }
    const limited = await request(t.server)
      .post('/api/auth/login')
      .send({ email: admin.email, password: PASSWORD })
      .expect(429);
    expect(limited.body).toEqual({
      statusCode: 429,
      code: 'rate_limited',
      error: 'Too Many Requests',
      message: expect.stringMatching(/Too many requests/),
    });
    expect(
      Number(limited.headers['retry-after-login-account'] ?? limited.headers['retry-after']),
    ).toBeGreaterThan(0);
  });

  it('does not let one account being attacked lock out another', async () => {
    const victim = await signupOrg(t.server);
    const other = await signupOrg(t.server);
    for (let attempt = 0; attempt <= LOGIN_LIMITS.perAccount; attempt++) {
      await request(t.server)
        .post('/api/auth/login')
        .send({ email: victim.admin.email, password: 'wrong password' });
    }
    await request(t.server)
      .post('/api/auth/login')
      .send({ email: other.admin.email, password: PASSWORD })
      .expect(200);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY names the proxy: rotating it buys no extra guesses', async () => {
    const { admin } = await signupOrg(t.server);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 40; attempt++) {
      const res = await request(t.server)
        .post('/api/auth/login')
        .set('X-Forwarded-For', `203.0.113.${attempt + 1}`)
        .send({ email: admin.email, password: attempt === 39 ? PASSWORD : 'guess ' + attempt });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, LOGIN_LIMITS.perAccount)).toEqual(
      Array(LOGIN_LIMITS.perAccount).fill(401),
    );
    expect(new Set(statuses.slice(LOGIN_LIMITS.perAccount))).toEqual(new Set([429]));
  });
});

describe('login rate limit behind a trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'loopback' });
  });
  afterAll(() => t.close());

  it('counts attempts per forwarded client when the peer is a trusted proxy', async () => {
    const { admin } = await signupOrg(t.server);
    const attempt = (client: string, password = 'wrong password') =>
      request(t.server)
        .post('/api/auth/login')
        .set('X-Forwarded-For', client)
        .send({ email: admin.email, password });
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) await attempt('203.0.113.7').expect(401);
    await attempt('203.0.113.7').expect(429);
    // Another client behind the same proxy keeps its own budget.
    const other = await attempt('198.51.100.2', PASSWORD);
    expect(other.status).toBe(200);
  });
});
