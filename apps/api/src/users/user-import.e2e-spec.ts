import type { ApiError, ImportUsersResponse, LoginResponse, Page, User } from '@arena/contracts';
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import request from 'supertest';
import {
  addTeam,
  addUser,
  bearer,
  login,
  PASSWORD,
  signupOrg,
  uniqueEmail,
  type OrgFixture,
} from '../../test/builders';
import { startTestApp, type TestApp } from '../../test/test-app';

/** Issue 14: `POST /api/users/import`, all or nothing, with invitations for rows without a password. */
describe('POST /api/users/import', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    org = await signupOrg(t.server);
  });
  afterAll(() => t.close());

  const admin = () => bearer(org.adminToken);
  const usersOf = async (fixture: OrgFixture) =>
    (
      await request(t.server)
        .get('/api/users?limit=500')
        .set(bearer(fixture.adminToken))
        .expect(200)
    ).body as Page<User>;

  it('creates users from JSON: passwords sign in at once, the others are invited', async () => {
    const team = await addTeam(t.server, org, 'Hunters');
    const [withPassword, invited, manager] = [uniqueEmail('a'), uniqueEmail('b'), uniqueEmail('c')];
    const res = await request(t.server)
      .post('/api/users/import')
      .set(admin())
      .send({
        users: [
          {
            name: 'Alma Rep',
            email: withPassword.toUpperCase(),
            password: PASSWORD,
            teamId: team.id,
          },
          { name: 'Bo Rep', email: invited, team: 'hunters' },
          { name: 'Cy Manager', email: manager, role: 'manager' },
        ],
      })
      .expect(201);
    const body = res.body as ImportUsersResponse;
    expect(body).toMatchObject({ dryRun: false, created: 3, invited: 2 });
    expect(body.users.map((u) => [u.email, u.role, u.teamId, u.competes])).toEqual([
      [withPassword, 'rep', team.id, true],
      [invited, 'rep', team.id, true],
      [manager, 'manager', null, false],
    ]);
    expect(body.users[0].inviteUrl).toBeUndefined();
    expect(body.users[1].inviteUrl).toBe(`/accept-invite#${body.users[1].inviteToken}`);
    expect(Date.parse(body.users[1].inviteExpiresAt!) - Date.now()).toBeGreaterThan(13 * 86400_000);

    await login(t.server, withPassword);
    // No password is the invited user's until they accept: none signs in, not even an empty one.
    for (const password of [PASSWORD, 'x', ''])
      await request(t.server)
        .post('/api/auth/login')
        .send({ email: invited, password })
        .expect(password ? 401 : 400);
    const listed = await usersOf(org);
    expect(listed.items.map((u) => u.email).sort()).toEqual(
      [org.admin.email, withPassword, invited, manager].sort(),
    );
  });

  it('accepts an invitation once: the password is set and the user signed in', async () => {
    const email = uniqueEmail('inv');
    const body = (
      await request(t.server)
        .post('/api/users/import')
        .set(admin())
        .send({ users: [{ name: 'Ivo Invited', email }] })
        .expect(201)
    ).body as ImportUsersResponse;
    const token = body.users[0].inviteToken!;

    const weak = await request(t.server)
      .post('/api/auth/accept-invite')
      .send({ token, password: 'password1' })
      .expect(400);
    expect(weak.body.errors[0].field).toBe('password');
    const accepted = (
      await request(t.server)
        .post('/api/auth/accept-invite')
        .send({ token, password: 'a new quiet lighthouse' })
        .expect(200)
    ).body as LoginResponse;
    expect(accepted.user).toMatchObject({ id: body.users[0].id, email, role: 'rep' });
    await request(t.server).get('/api/me').set(bearer(accepted.accessToken)).expect(200);
    await login(t.server, email, 'a new quiet lighthouse');

    const again = await request(t.server)
      .post('/api/auth/accept-invite')
      .send({ token, password: 'another quiet lighthouse' })
      .expect(401);
    expect((again.body as ApiError).code).toBe('unauthenticated');
    await request(t.server)
      .post('/api/auth/accept-invite')
      .send({ token: `inv_${randomUUID()}`, password: 'a new quiet lighthouse' })
      .expect(401);
  });

  it('imports a CSV file with its columns in any order', async () => {
    await addTeam(t.server, org, 'North');
    const [a, b] = [uniqueEmail('csv'), uniqueEmail('csv')];
    const csv = [
      'Email,Team,Name,Role,Password',
      `${a},North,"Lovelace, Ada",rep,${PASSWORD}`,
      `${b},,Grace Hopper,manager,`,
      '',
    ].join('\r\n');
    const res = await request(t.server)
      .post('/api/users/import')
      .set(admin())
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(201);
    const body = res.body as ImportUsersResponse;
    expect(body).toMatchObject({ created: 2, invited: 1 });
    expect(body.users.map((u) => [u.email, u.name, u.role, u.teamId !== null])).toEqual([
      [a, 'Lovelace, Ada', 'rep', true],
      [b, 'Grace Hopper', 'manager', false],
    ]);
    await login(t.server, a);
  });

  it('answers a dry run with what would happen, storing nothing', async () => {
    const email = uniqueEmail('dry');
    const res = await request(t.server)
      .post('/api/users/import?dryRun=true')
      .set(admin())
      .send({
        users: [
          { name: 'Dry Run', email },
          { name: 'Dry Pass', email: uniqueEmail(), password: PASSWORD },
        ],
      })
      .expect(200);
    expect(res.body).toMatchObject({ dryRun: true, created: 2, invited: 1 });
    expect(res.body.users[0]).toEqual({
      id: '',
      email,
      name: 'Dry Run',
      role: 'rep',
      teamId: null,
      competes: true,
    });
    expect((await usersOf(org)).total).toBe(1);
    // A dry run checks everything a real one does.
    const bad = await request(t.server)
      .post('/api/users/import?dryRun=true')
      .set(admin())
      .send({ users: [{ name: 'Taken', email: org.admin.email }] })
      .expect(400);
    expect(bad.body.code).toBe('import_rejected');
  });

  it('rejects the whole import naming every bad row, and stores nothing', async () => {
    const other = await signupOrg(t.server);
    const otherTeam = await addTeam(t.server, other, 'Theirs');
    const fresh = uniqueEmail('ok');
    const dup = uniqueEmail('dup');
    const res = await request(t.server)
      .post('/api/users/import')
      .set(admin())
      .send({
        users: [
          { name: 'Fine', email: fresh },
          { name: 'Bad Email', email: 'not-an-email' },
          { name: 'First', email: dup },
          { name: 'Second', email: dup.toUpperCase() },
          { name: 'Other Org', email: other.admin.email },
          { name: 'Their Team', email: uniqueEmail(), teamId: otherTeam.id },
          { name: 'No Team', email: uniqueEmail(), team: 'Nowhere' },
          { name: 'Boss', email: uniqueEmail(), role: 'boss' },
          { name: 'Weak', email: uniqueEmail(), password: 'password1' },
          { name: 'Short', email: uniqueEmail(), password: 'short' },
          { name: 'Extra', email: uniqueEmail(), shoeSize: 44 },
        ],
      })
      .expect(400);
    const body = res.body as ApiError;
    expect(body.code).toBe('import_rejected');
    expect(body.message).toMatch(/^Nothing was imported/);
    const byField = Object.fromEntries(
      (body.errors ?? []).map((error) => [error.field, error.codes]),
    );
    expect(byField).toEqual({
      'users.1.email': ['invalid'],
      'users.7.role': ['invalid'],
      'users.9.password': ['weak_password'],
      'users.10.shoeSize': ['invalid'],
    });
    // Shape problems are answered first; fixed, the rows meet the checks against the database.
    const fixed = (
      await request(t.server)
        .post('/api/users/import')
        .set(admin())
        .send({
          users: [
            { name: 'Fine', email: fresh },
            { name: 'First', email: dup },
            { name: 'Second', email: dup.toUpperCase() },
            { name: 'Other Org', email: other.admin.email },
            { name: 'Their Team', email: uniqueEmail(), teamId: otherTeam.id },
            { name: 'No Team', email: uniqueEmail(), team: 'Nowhere' },
            { name: 'Weak', email: uniqueEmail(), password: 'password1' },
          ],
        })
        .expect(400)
    ).body as ApiError;
    expect(fixed.code).toBe('import_rejected');
    expect(fixed.errors?.map((error) => [error.field, error.codes])).toEqual([
      ['users.2.email', ['duplicate_in_file']],
      ['users.3.email', ['email_unavailable']],
      ['users.4.teamId', ['unknown_team']],
      ['users.5.team', ['unknown_team']],
      ['users.6.password', ['weak_password']],
    ]);
    // Another organisation's address is refused as any taken one: whose, is not told.
    expect(fixed.errors?.[1].messages).toEqual([
      "can't be used for a new account: use another address",
    ]);
    expect((await usersOf(org)).total).toBe(1);
  });

  it('names CSV rows by their data row, and refuses a broken file', async () => {
    const csv = `name,email\nGood,${uniqueEmail()}\nBad,nope\n`;
    const res = await request(t.server)
      .post('/api/users/import')
      .set(admin())
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(400);
    expect(res.body.code).toBe('import_rejected');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['rows.1.email']);

    for (const broken of [
      'name,email,shoe\nA,a@example.test,1\n',
      'name\nA\n',
      'name,email\n"A,b\n',
      '',
    ])
      expect(
        (
          await request(t.server)
            .post('/api/users/import')
            .set(admin())
            .set('Content-Type', 'text/csv')
            .send(broken)
            .expect(400)
        ).body.code,
      ).toBe('invalid_input');
    await request(t.server)
      .post('/api/users/import')
      .set(admin())
      .set('Content-Type', 'text/plain')
      .send('name,email')
      .expect(400);
    expect((await usersOf(org)).total).toBe(1);
  });

  it('is for admins only: managers, reps and API keys get 403', async () => {
    const manager = await addUser(t.server, org, 'manager');
    const rep = await addUser(t.server, org, 'rep');
    const key = await request(t.server)
      .post('/api/api-keys')
      .set(admin())
      .send({ name: 'CRM', scopes: ['activities:write'] })
      .expect(201);
    const users = [{ name: 'Nobody', email: uniqueEmail() }];
    for (const token of [manager.token, rep.token, key.body.key as string])
      await request(t.server)
        .post('/api/users/import')
        .set(bearer(token))
        .send({ users })
        .expect(403);
    await request(t.server).post('/api/users/import').send({ users }).expect(401);
    expect((await usersOf(org)).total).toBe(3);
  });

  it('checks and hashes passwords off the event loop: health answers meanwhile', async () => {
    const prefix = randomUUID().slice(0, 8);
    const users = Array.from({ length: 150 }, (_, i) => ({
      name: `Pass ${i}`,
      email: `pass-${prefix}-${i}@example.test`,
      password: `${PASSWORD} ${i} lantern`,
    }));
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    let done = false;
    const importing = request(t.server)
      .post('/api/users/import')
      .set(admin())
      .send({ users })
      .then((res) => {
        done = true;
        return res;
      });
    const healthMs: number[] = [];
    while (!done) {
      const started = performance.now();
      await request(t.server).get('/api/health').expect(200);
      healthMs.push(performance.now() - started);
    }
    const res = await importing;
    delay.disable();
    expect(res.status).toBe(201);
    const maxDelayMs = delay.max / 1e6;
    process.stdout.write(
      `import of 150 passwords: ${healthMs.length} health checks meanwhile, slowest ${Math.round(Math.max(...healthMs))} ms; event-loop delay p99 ${Math.round(delay.percentile(99) / 1e6)} ms, max ${Math.round(maxDelayMs)} ms\n`,
    );
    expect(healthMs.length).toBeGreaterThan(1);
    // Checked on the event loop, 150 passwords would hold it for seconds at once (zxcvbn: 10–80 ms
    // each here). The bound is generous: on this shared two-core machine, under load, a garbage
    // collection of the test process or other processes' CPU use alone delay it by up to ~600 ms.
    expect(maxDelayMs).toBeLessThan(1000);
    await login(t.server, users[149].email, users[149].password);
  }, 180_000);

  it('takes 10,000 invitations in one request', async () => {
    const prefix = randomUUID().slice(0, 8);
    const users = Array.from({ length: 10_000 }, (_, i) => ({
      name: `Rep ${i}`,
      email: `bulk-${prefix}-${i}@example.test`,
    }));
    const started = performance.now();
    const res = await request(t.server).post('/api/users/import').set(admin()).send({ users });
    const ms = performance.now() - started;
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ created: 10_000, invited: 10_000 });
    // A figure for the report, not an assertion: the machine is shared.
    process.stdout.write(`import of 10,000 invitations: ${Math.round(ms)} ms\n`);
    expect((await usersOf(org)).total).toBe(10_001);
    const tooMany = await request(t.server)
      .post('/api/users/import')
      .set(admin())
      .send({ users: [...users, { name: 'One more', email: uniqueEmail() }] })
      .expect(400);
    // Arrays may be long (contests take 100,000 participants); the import's own limit answers.
    expect(tooMany.body.errors.map((e: { field: string }) => e.field)).toEqual(['users']);
  }, 180_000);
});
