import request from 'supertest';
import { addUser, bearer, PASSWORD, signupOrg, uniqueEmail } from '../../test/builders';
import { startTestApp, type TestApp } from '../../test/test-app';

describe('weak passwords are refused wherever a password is set (issue 11 point 13)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const signup = (adminPassword: string, adminEmail = uniqueEmail('founder')) =>
    request(t.server)
      .post('/api/orgs')
      .send({ orgName: 'Weak Co', adminName: 'Wendy Walker', adminEmail, adminPassword });

  it.each(['password', '12345678', 'qwertyuiop', 'Passw0rd!'])(
    'refuses "%s" at sign-up with a reason',
    async (weak) => {
      const res = await signup(weak).expect(400);
      expect(res.body.errors).toEqual([
        {
          field: 'adminPassword',
          messages: [expect.stringMatching(/^adminPassword is too easy to guess\. \S/)],
        },
      ]);
      expect(res.body.message).toMatch(/adminPassword is too easy to guess/);
      // One full stop, even where the checker's advice brings its own.
      expect(res.body.message).not.toMatch(/\.\.$/);
    },
  );

  it('refuses a password made of the account’s own email or name', async () => {
    const email = uniqueEmail('wendy.walker');
    const local = email.split('@')[0];
    const res = await signup(`${local}!`, email).expect(400);
    expect(res.body.errors[0].field).toBe('adminPassword');
    await signup('wendywalker').expect(400);
  });

  it('refuses weak passwords when an admin creates or resets a user, and on a change of your own', async () => {
    const org = await signupOrg(t.server);
    const created = await request(t.server)
      .post('/api/users')
      .set(bearer(org.adminToken))
      .send({ email: uniqueEmail('rep'), name: 'Ray Rep', role: 'rep', password: '12345678' })
      .expect(400);
    expect(created.body.errors[0].field).toBe('password');

    const rep = await addUser(t.server, org, 'rep', { name: 'Rosalind Franklin' });
    const reset = await request(t.server)
      .patch(`/api/users/${rep.user.id}`)
      .set(bearer(org.adminToken))
      .send({ password: 'rosalindfranklin' })
      .expect(400);
    expect(reset.body.errors).toEqual([
      { field: 'password', messages: [expect.stringMatching(/is too easy to guess/)] },
    ]);

    const own = await request(t.server)
      .post('/api/me/password')
      .set(bearer(rep.token))
      .send({ currentPassword: PASSWORD, newPassword: 'password1' })
      .expect(400);
    expect(own.body.errors[0].field).toBe('newPassword');
    // Nothing changed: the old password and token still work.
    await request(t.server).get('/api/me').set(bearer(rep.token)).expect(200);
  });

  it('accepts a strong passphrase', async () => {
    const res = await signup('violet kettle on the moor').expect(201);
    expect(res.body.user.role).toBe('admin');
  });
});
