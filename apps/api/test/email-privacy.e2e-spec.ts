import request from 'supertest';
import { DataSource } from 'typeorm';
import { addUser, bearer, PASSWORD, signupOrg, uniqueEmail } from './builders';
import { startTestApp, type TestApp } from './test-app';

const NEUTRAL = "This email address can't be used for a new account. Use another address.";

describe('an email address in use is not revealed (issue 11 point 10)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers the same neutral 409 whether the address is in your organisation or another', async () => {
    const mine = await signupOrg(t.server);
    const theirs = await signupOrg(t.server);
    const theirRep = await addUser(t.server, theirs, 'rep');
    const myRep = await addUser(t.server, mine, 'rep');
    const create = (email: string) =>
      request(t.server)
        .post('/api/users')
        .set(bearer(mine.adminToken))
        .send({ email, name: 'Copy Cat', role: 'rep', password: PASSWORD });

    const otherOrg = await create(theirRep.user.email).expect(409);
    const ownOrg = await create(myRep.user.email).expect(409);
    expect(otherOrg.body).toEqual({
      statusCode: 409,
      code: 'email_unavailable',
      error: 'Conflict',
      message: NEUTRAL,
    });
    expect(ownOrg.body).toEqual(otherOrg.body);
    expect(JSON.stringify(otherOrg.body)).not.toMatch(/exist/i);
  });

  it('answers anonymous sign-up with the same neutral 409, creating nothing', async () => {
    const taken = await signupOrg(t.server);
    const orgName = `Probe ${uniqueEmail()}`;
    const res = await request(t.server)
      .post('/api/orgs')
      .send({
        orgName,
        adminName: 'Pro Be',
        adminEmail: taken.admin.email,
        adminPassword: PASSWORD,
      })
      .expect(409);
    expect(res.body).toEqual({
      statusCode: 409,
      code: 'email_unavailable',
      error: 'Conflict',
      message: NEUTRAL,
    });
    const [{ count }] = await t.app
      .get(DataSource)
      .query('SELECT count(*)::int AS count FROM organizations WHERE name = $1', [orgName]);
    expect(count).toBe(0);
  });
});
