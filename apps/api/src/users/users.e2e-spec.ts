import type { Page, Team, User } from '@arena/contracts';
import request from 'supertest';
import { addUser, bearer, signupOrg, type OrgFixture } from '../../test/builders';
import { startTestApp, type TestApp } from '../../test/test-app';

describe('users and teams', () => {
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

  it('puts reps in teams, counts active members and moves them out again', async () => {
    const team = (
      await request(t.server)
        .post('/api/teams')
        .set(admin())
        .send({ name: '  Hunters  ' })
        .expect(201)
    ).body as Team;
    expect(team).toMatchObject({ name: 'Hunters', memberCount: 0 });
    const reps = [
      await addUser(t.server, org, 'rep', { teamId: team.id }),
      await addUser(t.server, org, 'rep', { teamId: team.id }),
    ];
    expect(reps[0].user.teamId).toBe(team.id);

    await request(t.server)
      .patch(`/api/users/${reps[1].user.id}`)
      .set(admin())
      .send({ active: false })
      .expect(200);
    expect(
      (await request(t.server).get(`/api/teams/${team.id}`).set(admin())).body.memberCount,
    ).toBe(1);

    const moved = await request(t.server)
      .patch(`/api/users/${reps[0].user.id}`)
      .set(admin())
      .send({ teamId: null })
      .expect(200);
    expect(moved.body.teamId).toBeNull();
    expect((await request(t.server).get('/api/teams').set(admin())).body).toEqual([
      { ...team, memberCount: 0 },
    ]);
  });

  it('filters and pages the user list', async () => {
    const team = (
      await request(t.server).post('/api/teams').set(admin()).send({ name: 'North' }).expect(201)
    ).body as Team;
    for (const name of ['Cara', 'Abe', 'Bea'])
      await addUser(t.server, org, 'rep', { name, teamId: team.id });
    await addUser(t.server, org, 'manager', { name: 'Max' });

    const page = (
      await request(t.server).get('/api/users?role=rep&limit=2&offset=1').set(admin()).expect(200)
    ).body as Page<User>;
    expect(page).toMatchObject({ total: 3, limit: 2, offset: 1 });
    expect(page.items.map((u) => u.name)).toEqual(['Bea', 'Cara']);

    const inTeam = (
      await request(t.server).get(`/api/users?teamId=${team.id}`).set(admin()).expect(200)
    ).body as Page<User>;
    expect(inTeam.total).toBe(3);
    await request(t.server).get('/api/users?limit=0').set(admin()).expect(400);
    await request(t.server).get('/api/users?role=boss').set(admin()).expect(400);
  });

  it('changes roles, and a changed password works at the next sign-in', async () => {
    const rep = await addUser(t.server, org, 'rep');
    const updated = await request(t.server)
      .patch(`/api/users/${rep.user.id}`)
      .set(admin())
      .send({ role: 'manager', name: 'Promoted Person', password: 'a brand new secret' })
      .expect(200);
    expect(updated.body).toMatchObject({ role: 'manager', name: 'Promoted Person' });
    await request(t.server)
      .post('/api/auth/login')
      .send({ email: rep.user.email, password: 'a brand new secret' })
      .expect(200);
    // A role or password change ends the sessions issued before it: sign in again.
    await request(t.server).get('/api/users').set(bearer(rep.token)).expect(401);
  });

  it('never leaves an organisation without an active admin', async () => {
    const res = await request(t.server)
      .patch(`/api/users/${org.admin.id}`)
      .set(admin())
      .send({ role: 'rep' })
      .expect(409);
    expect(res.body.message).toMatch(/last active admin/);
    await request(t.server)
      .patch(`/api/users/${org.admin.id}`)
      .set(admin())
      .send({ active: false })
      .expect(409);

    const second = await addUser(t.server, org, 'admin');
    await request(t.server)
      .patch(`/api/users/${org.admin.id}`)
      .set(admin())
      .send({ role: 'manager' })
      .expect(200);
    await request(t.server)
      .patch(`/api/users/${second.user.id}`)
      .set(bearer(second.token))
      .send({ active: false })
      .expect(409);
  });

  it('keeps activity-type keys fixed but lets admins relabel and retire them', async () => {
    const types = (await request(t.server).get('/api/activity-types').set(admin())).body as {
      id: string;
      key: string;
    }[];
    const call = types.find((type) => type.key === 'call')!;
    await request(t.server)
      .patch(`/api/activity-types/${call.id}`)
      .set(admin())
      .send({ key: 'phone' })
      .expect(400);
    const retired = await request(t.server)
      .patch(`/api/activity-types/${call.id}`)
      .set(admin())
      .send({ label: 'Phone call', active: false })
      .expect(200);
    expect(retired.body).toMatchObject({ key: 'call', label: 'Phone call', active: false });
  });
});
