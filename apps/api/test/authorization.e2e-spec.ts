import type { Role } from '@arena/contracts';
import request from 'supertest';
import { addUser, bearer, signupOrg, uniqueEmail, type OrgFixture, PASSWORD } from './builders';
import { startTestApp, type TestApp } from './test-app';

type Caller = Role | 'anonymous';

interface Fixture extends OrgFixture {
  tokens: Record<Role, string>;
  repId: string;
  teamId: string;
  activityTypeId: string;
}

interface Case {
  name: string;
  call: (fixture: Fixture) => { method: 'get' | 'post' | 'patch'; path: string; body?: object };
  /** Expected status for each caller. */
  expect: Record<Caller, number>;
}

const ALL_SIGNED_IN = { admin: 200, manager: 200, rep: 200, anonymous: 401 };
const ADMIN_ONLY_WRITE = (ok: number) => ({ admin: ok, manager: 403, rep: 403, anonymous: 401 });
const STAFF_READ = { admin: 200, manager: 200, rep: 403, anonymous: 401 };

// Each identity endpoint against each role (SPEC §4: admin manages, managers read).
const MATRIX: Case[] = [
  { name: 'GET /me', call: () => ({ method: 'get', path: '/api/me' }), expect: ALL_SIGNED_IN },
  {
    name: 'POST /users',
    call: () => ({
      method: 'post',
      path: '/api/users',
      body: { email: uniqueEmail(), name: 'New Rep', role: 'rep', password: PASSWORD },
    }),
    expect: ADMIN_ONLY_WRITE(201),
  },
  { name: 'GET /users', call: () => ({ method: 'get', path: '/api/users' }), expect: STAFF_READ },
  {
    name: 'GET /users/:id',
    call: (f) => ({ method: 'get', path: `/api/users/${f.repId}` }),
    expect: STAFF_READ,
  },
  {
    name: 'PATCH /users/:id',
    call: (f) => ({
      method: 'patch',
      path: `/api/users/${f.repId}`,
      body: { name: 'Renamed Rep' },
    }),
    expect: ADMIN_ONLY_WRITE(200),
  },
  {
    name: 'POST /teams',
    call: () => ({ method: 'post', path: '/api/teams', body: { name: `Team ${uniqueEmail()}` } }),
    expect: ADMIN_ONLY_WRITE(201),
  },
  { name: 'GET /teams', call: () => ({ method: 'get', path: '/api/teams' }), expect: STAFF_READ },
  {
    name: 'GET /teams/:id',
    call: (f) => ({ method: 'get', path: `/api/teams/${f.teamId}` }),
    expect: STAFF_READ,
  },
  {
    name: 'PATCH /teams/:id',
    call: (f) => ({
      method: 'patch',
      path: `/api/teams/${f.teamId}`,
      body: { name: `Renamed ${uniqueEmail()}` },
    }),
    expect: ADMIN_ONLY_WRITE(200),
  },
  {
    name: 'POST /activity-types',
    call: () => ({
      method: 'post',
      path: '/api/activity-types',
      body: {
        key: `k_${Math.random().toString(36).slice(2, 10)}`,
        label: 'Custom',
        category: 'activity',
        unit: 'count',
      },
    }),
    expect: ADMIN_ONLY_WRITE(201),
  },
  {
    name: 'GET /activity-types',
    call: () => ({ method: 'get', path: '/api/activity-types' }),
    expect: ALL_SIGNED_IN,
  },
  {
    name: 'GET /activity-types/:id',
    call: (f) => ({ method: 'get', path: `/api/activity-types/${f.activityTypeId}` }),
    expect: ALL_SIGNED_IN,
  },
  {
    name: 'PATCH /activity-types/:id',
    call: (f) => ({
      method: 'patch',
      path: `/api/activity-types/${f.activityTypeId}`,
      body: { label: 'Phone call' },
    }),
    expect: ADMIN_ONLY_WRITE(200),
  },
  // Recognition, coaching and displays.
  {
    name: 'GET /badges',
    call: () => ({ method: 'get', path: '/api/badges' }),
    expect: ALL_SIGNED_IN,
  },
  {
    name: 'POST /badges',
    call: () => ({
      method: 'post',
      path: '/api/badges',
      body: {
        key: `b_${Math.random().toString(36).slice(2, 10)}`,
        name: `Badge ${uniqueEmail()}`,
        emoji: '🏅',
        color: '#16a34a',
      },
    }),
    expect: ADMIN_ONLY_WRITE(201),
  },
  {
    name: 'GET /recognitions',
    call: () => ({ method: 'get', path: '/api/recognitions' }),
    expect: ALL_SIGNED_IN,
  },
  {
    name: 'GET /users/:id/trophy-case',
    call: (f) => ({ method: 'get', path: `/api/users/${f.repId}/trophy-case` }),
    expect: ALL_SIGNED_IN,
  },
  {
    name: 'GET /behaviours',
    call: () => ({ method: 'get', path: '/api/behaviours' }),
    expect: ALL_SIGNED_IN,
  },
  {
    name: 'POST /behaviours',
    call: () => ({ method: 'post', path: '/api/behaviours', body: { name: `B ${uniqueEmail()}` } }),
    expect: { admin: 201, manager: 201, rep: 403, anonymous: 401 },
  },
  {
    name: 'POST /coaching-notes',
    call: (f) => ({
      method: 'post',
      path: '/api/coaching-notes',
      body: { userId: f.repId, body: 'Keep going' },
    }),
    expect: { admin: 201, manager: 201, rep: 403, anonymous: 401 },
  },
  {
    name: 'GET /displays',
    call: () => ({ method: 'get', path: '/api/displays' }),
    expect: { admin: 200, manager: 403, rep: 403, anonymous: 401 },
  },
  {
    name: 'GET /display (a display token only)',
    call: () => ({ method: 'get', path: '/api/display' }),
    expect: { admin: 403, manager: 403, rep: 403, anonymous: 401 },
  },
];

const CALLERS: Caller[] = ['admin', 'manager', 'rep', 'anonymous'];

describe('authorisation matrix', () => {
  let t: TestApp;
  let fixture: Fixture;

  beforeAll(async () => {
    t = await startTestApp();
    const org = await signupOrg(t.server);
    const [manager, rep] = [
      await addUser(t.server, org, 'manager'),
      await addUser(t.server, org, 'rep'),
    ];
    const team = await request(t.server)
      .post('/api/teams')
      .set(bearer(org.adminToken))
      .send({ name: 'Matrix' })
      .expect(201);
    const types = await request(t.server)
      .get('/api/activity-types')
      .set(bearer(org.adminToken))
      .expect(200);
    fixture = {
      ...org,
      tokens: { admin: org.adminToken, manager: manager.token, rep: rep.token },
      repId: rep.user.id,
      teamId: team.body.id,
      activityTypeId: types.body[0].id,
    };
  });
  afterAll(() => t.close());

  const rows = MATRIX.flatMap((entry) =>
    CALLERS.map((caller) => [entry.name, caller, entry.expect[caller], entry] as const),
  );

  it.each(rows)('%s as %s → %i', async (_name, caller, status, entry) => {
    const { method, path, body } = entry.call(fixture);
    let req = request(t.server)[method](path);
    if (caller !== 'anonymous') req = req.set(bearer(fixture.tokens[caller]));
    const res = await (body ? req.send(body) : req);
    expect(res.status).toBe(status);
    // Every refusal is the JSON error shape; every success is a JSON body.
    const refusal = {
      statusCode: res.body.statusCode,
      hasMessage: typeof res.body.message === 'string',
    };
    expect(refusal).toEqual(
      status >= 400
        ? { statusCode: status, hasMessage: true }
        : { statusCode: undefined, hasMessage: false },
    );
    expect(res.headers['content-type']).toMatch(/json/);
  });
});
