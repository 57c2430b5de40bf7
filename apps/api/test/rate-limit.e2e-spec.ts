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
});
