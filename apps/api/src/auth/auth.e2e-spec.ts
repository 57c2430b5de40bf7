import type { ActivityType, MeResponse, SignupResponse } from '@arena/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, login, PASSWORD, signupOrg, uniqueEmail } from '../../test/builders';
import { startTestApp, type TestApp } from '../../test/test-app';

describe('signup, login and me', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('signs up an organisation with its admin and the default activity catalogue', async () => {
    const email = uniqueEmail('Founder').toUpperCase();
    const res = await request(t.server)
      .post('/api/orgs')
      .send({
        orgName: 'Acme Sales',
        timezone: 'America/New_York',
        adminName: 'Fay Founder',
        adminEmail: email,
        adminPassword: PASSWORD,
      })
      .expect(201);
    const body = res.body as SignupResponse;
    expect(body.org).toMatchObject({ name: 'Acme Sales', timezone: 'America/New_York' });
    expect(body.user).toMatchObject({
      role: 'admin',
      email: email.toLowerCase(),
      orgId: body.org.id,
      active: true,
      teamId: null,
      competes: false,
    });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(body.user).not.toHaveProperty('tokenVersion');
    expect(body.accessToken).toEqual(expect.any(String));

    const types = await request(t.server)
      .get('/api/activity-types')
      .set(bearer(body.accessToken))
      .expect(200);
    expect(
      (types.body as ActivityType[]).map((type) => [type.key, type.category, type.unit]).sort(),
    ).toEqual([
      ['call', 'activity', 'count'],
      ['crm_update', 'activity', 'count'],
      ['deal_won', 'outcome', 'count'],
      ['demo', 'activity', 'count'],
      ['meeting', 'activity', 'count'],
      ['proposal', 'activity', 'count'],
      ['referral', 'activity', 'count'],
      ['revenue', 'outcome', 'currency'],
      ['site_visit', 'activity', 'count'],
    ]);
  });

  it('defaults the organisation time zone to UTC', async () => {
    const { org } = await signupOrg(t.server, { timezone: undefined });
    expect(org.timezone).toBe('UTC');
  });

  it('logs in case-insensitively and answers /me with the user and organisation', async () => {
    const fixture = await signupOrg(t.server);
    const session = await login(t.server, fixture.admin.email.toUpperCase());
    expect(session.user.id).toBe(fixture.admin.id);

    const me = await request(t.server).get('/api/me').set(bearer(session.accessToken)).expect(200);
    expect(me.body as MeResponse).toEqual({ user: fixture.admin, org: fixture.org });
  });

  it('refuses a wrong password or unknown email with the same 401', async () => {
    const fixture = await signupOrg(t.server);
    const wrong = await request(t.server)
      .post('/api/auth/login')
      .send({ email: fixture.admin.email, password: 'not the password' })
      .expect(401);
    const unknown = await request(t.server)
      .post('/api/auth/login')
      .send({ email: uniqueEmail(), password: PASSWORD })
      .expect(401);
    expect(wrong.body).toEqual({
      statusCode: 401,
      code: 'unauthenticated',
      error: 'Unauthorized',
      message: 'Email or password is incorrect.',
    });
    expect(unknown.body).toEqual(wrong.body);
  });

  it('refuses a second signup with an email already in use, storing nothing', async () => {
    const fixture = await signupOrg(t.server);
    const orgName = `Copycat ${Date.now()}`;
    const res = await request(t.server)
      .post('/api/orgs')
      .send({
        orgName,
        adminName: 'Copy',
        adminEmail: fixture.admin.email,
        adminPassword: PASSWORD,
      })
      .expect(409);
    // Neutral: it does not say that an account with this address exists (issue 11 point 10).
    expect(res.body.message).toBe(
      "This email address can't be used for a new account. Use another address.",
    );
    const [{ count }] = await t.app
      .get(DataSource)
      .query('SELECT count(*)::int AS count FROM organizations WHERE name = $1', [orgName]);
    expect(count).toBe(0);
  });

  it('rejects missing, malformed and forged tokens with 401', async () => {
    await request(t.server).get('/api/me').expect(401);
    await request(t.server).get('/api/me').set('Authorization', 'Bearer not-a-jwt').expect(401);
    const fixture = await signupOrg(t.server);
    const [header, payload] = fixture.adminToken.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    const res = await request(t.server).get('/api/me').set(bearer(forged)).expect(401);
    expect(res.body).toMatchObject({ code: 'unauthenticated' });
    expect(res.body.message).toMatch(/not a valid sign-in token/);
  });

  it('locks out a deactivated user at once, even with a valid token', async () => {
    const fixture = await signupOrg(t.server);
    const email = uniqueEmail('leaver');
    const created = await request(t.server)
      .post('/api/users')
      .set(bearer(fixture.adminToken))
      .send({ email, name: 'Lee Leaver', role: 'rep', password: PASSWORD })
      .expect(201);
    const { accessToken } = await login(t.server, email);
    await request(t.server)
      .patch(`/api/users/${created.body.id}`)
      .set(bearer(fixture.adminToken))
      .send({ active: false })
      .expect(200);
    await request(t.server).get('/api/me').set(bearer(accessToken)).expect(401);
    const res = await request(t.server)
      .post('/api/auth/login')
      .send({ email, password: PASSWORD })
      .expect(401);
    expect(res.body.message).toMatch(/deactivated/);
  });
});
