import { randomUUID } from 'node:crypto';
import type {
  Contest,
  CreatedDisplay,
  LoginResponse,
  Role,
  SignupResponse,
  User,
} from '@arena/contracts';
import request from 'supertest';
import type { Server } from 'node:http';

/** An app's HTTP server, or the base URL of an API running in another process. */
export type Target = Server | string;

export const PASSWORD = 'correct horse battery';

export const uniqueEmail = (prefix = 'user') =>
  `${prefix}-${randomUUID().slice(0, 8)}@example.test`;

export interface OrgFixture {
  org: SignupResponse['org'];
  admin: User;
  adminToken: string;
}

export interface UserFixture {
  user: User;
  token: string;
}

/** A fresh organisation with its admin; each test builds its own, so tests never share state. */
export async function signupOrg(
  server: Target,
  overrides: Record<string, unknown> = {},
): Promise<OrgFixture> {
  const res = await request(server)
    .post('/api/orgs')
    .send({
      orgName: `Org ${randomUUID().slice(0, 6)}`,
      timezone: 'Europe/Amsterdam',
      adminName: 'Ada Admin',
      adminEmail: uniqueEmail('admin'),
      adminPassword: PASSWORD,
      ...overrides,
    })
    .expect(201);
  const body = res.body as SignupResponse;
  return { org: body.org, admin: body.user, adminToken: body.accessToken };
}

export async function login(
  server: Target,
  email: string,
  password = PASSWORD,
): Promise<LoginResponse> {
  const res = await request(server).post('/api/auth/login').send({ email, password }).expect(200);
  return res.body as LoginResponse;
}

/** A user of `role` created by the org's admin, signed in. */
export async function addUser(
  server: Target,
  fixture: OrgFixture,
  role: Role,
  extra: { name?: string; teamId?: string } = {},
): Promise<UserFixture> {
  const email = uniqueEmail(role);
  const res = await request(server)
    .post('/api/users')
    .set('Authorization', `Bearer ${fixture.adminToken}`)
    .send({
      email,
      name: extra.name ?? `${role} ${email.slice(-18, -13)}`,
      role,
      password: PASSWORD,
      teamId: extra.teamId,
    })
    .expect(201);
  const { accessToken } = await login(server, email);
  return { user: res.body as User, token: accessToken };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A team with reps named `names`, created by the org's admin. */
export async function addTeam(
  server: Target,
  fixture: OrgFixture,
  name: string,
): Promise<{ id: string; name: string }> {
  const res = await request(server)
    .post('/api/teams')
    .set(bearer(fixture.adminToken))
    .send({ name })
    .expect(201);
  return res.body;
}

/**
 * A contest created by the organisation's admin — running from a day ago to a day ahead, one
 * `call` rule at 2 points unless `definition` says otherwise — and published unless `publish` is false.
 */
export async function addContest(
  server: Target,
  fixture: OrgFixture,
  definition: Record<string, unknown>,
  publish = true,
): Promise<Contest> {
  const res = await request(server)
    .post('/api/contests')
    .set(bearer(fixture.adminToken))
    .send({
      name: `Contest ${randomUUID().slice(0, 6)}`,
      startsAt: new Date(Date.now() - 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      rules: [{ activityType: 'call', pointsPerUnit: 2 }],
      ...definition,
    })
    .expect(201);
  if (publish)
    await request(server)
      .post(`/api/contests/${res.body.id}/publish`)
      .set(bearer(fixture.adminToken))
      .expect(200);
  return res.body as Contest;
}

/** A TV display of the organisation showing these contests' leaderboards, 15 s each. */
export async function addDisplay(
  server: Target,
  fixture: OrgFixture,
  contestIds: string[],
): Promise<CreatedDisplay> {
  const res = await request(server)
    .post('/api/displays')
    .set(bearer(fixture.adminToken))
    .send({
      name: 'Wall',
      rotationSeconds: 15,
      playlist: contestIds.map((contestId) => ({ contestId, screen: 'leaderboard' })),
    })
    .expect(201);
  return res.body as CreatedDisplay;
}

/** Logs an activity as `token`; answers the response body. */
export async function logActivity(
  server: Target,
  token: string,
  body: Record<string, unknown>,
  status = 201,
) {
  const res = await request(server).post('/api/activities').set(bearer(token)).send(body);
  if (res.status !== status)
    throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}
