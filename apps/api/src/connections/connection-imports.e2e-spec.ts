import type { ActivityImport, ImportCheck, SavedConnection } from '@arena/contracts';
import request from 'supertest';
import { addContest, bearer, signupOrg, type OrgFixture } from '../../test/builders';
import { startTestApp, type TestApp } from '../../test/test-app';

const DAY = 86_400_000;

describe('CSV import through a CSV connection', () => {
  let t: TestApp;
  let org: OrgFixture;
  let connection: SavedConnection;
  const emails = Array.from({ length: 200 }, (_, i) => `csv-rep-${i}-${Date.now()}@example.test`);

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrg(t.server);
    await request(t.server)
      .post('/api/users/import')
      .set(bearer(org.adminToken))
      .send({
        users: emails.map((email, i) => ({
          email,
          name: `CSV Rep ${i}`,
          password: 'correct horse battery',
        })),
      })
      .expect(201);
    connection = (
      await request(t.server)
        .post('/api/connections')
        .set(bearer(org.adminToken))
        .send({ name: 'Spreadsheets', kind: 'csv' })
        .expect(201)
    ).body as SavedConnection;
  });
  afterAll(() => t.close());

  const upload = (csv: string, query = '') =>
    request(t.server)
      .post(`/api/connections/${connection.id}/imports${query}`)
      .set(bearer(org.adminToken))
      .set('Content-Type', 'text/csv')
      .send(csv);

  it('previews a file, and refuses one with bad rows naming every bad line, storing nothing', async () => {
    const at = new Date(Date.now() - DAY).toISOString();
    const good = `type,quantity,occurredAt,email\ncall,2,${at},${emails[0]}\nmeeting,1,${at},stranger@example.test\n`;
    const check = (await upload(good, '?dryRun=true').expect(200)).body as ImportCheck;
    expect(check).toMatchObject({
      rows: 2,
      columns: ['type', 'quantity', 'occurredAt', 'email'],
      unmatched: 1,
    });
    expect(check.preview[0]).toMatchObject({
      line: 2,
      activityType: 'call',
      quantity: 2,
      rep: { name: 'CSV Rep 0' },
    });
    expect(check.preview[1]).toMatchObject({ line: 3, rep: null, owner: 'stranger@example.test' });

    const bad = [
      'type,quantity,occurredAt,email',
      `call,2,${at},${emails[0]}`,
      `nap,1,${at},${emails[1]}`,
      `call,1.5,${at},${emails[1]}`,
      `call,1,yesterday,${emails[1]}`,
      `call,1,${at},`,
    ].join('\n');
    const refused = await upload(bad).expect(400);
    expect(refused.body.code).toBe('import_rejected');
    expect((refused.body.errors as Array<{ field: string }>).map((e) => e.field)).toEqual([
      'rows.3.type',
      'rows.4.quantity',
      'rows.5.occurredAt',
      'rows.6.email',
    ]);
    expect(refused.body.message).toMatch(
      /^Nothing was imported: 4 problems \(line 3 type: there is no activity type "nap"/,
    );
    const broken = await upload('type,quantity\n"call,1\n').expect(400);
    expect(broken.body.errors[0].field).toBe('rows');
    const imports = await request(t.server)
      .get(`/api/connections/${connection.id}/imports`)
      .set(bearer(org.adminToken))
      .expect(200);
    expect(imports.body).toEqual([]);
  });

  it('imports 100,000 rows in the background with progress, exactly, once', async () => {
    const contest = await addContest(t.server, org, {
      participantScope: 'all',
      participantIds: [],
      startsAt: new Date(Date.now() - 30 * DAY).toISOString(),
      rules: [
        { activityType: 'call', pointsPerUnit: 2, dailyCap: 20 },
        { activityType: 'meeting', pointsPerUnit: 5 },
      ],
    });
    const lines = ['externalId,type,quantity,occurredAt,email'];
    for (let i = 0; i < 100_000; i++) {
      const at = new Date(Date.now() - (1 + (i % 20)) * DAY + (i % 600) * 1000).toISOString();
      lines.push(`r${i},${i % 4 === 0 ? 'meeting' : 'call'},1,${at},${emails[i % emails.length]}`);
    }
    const csv = lines.join('\n');
    const queued = (await upload(csv, '?fileName=history.csv').expect(202)).body as ActivityImport;
    expect(queued).toMatchObject({
      status: 'queued',
      rows: 100_000,
      processed: 0,
      fileName: 'history.csv',
    });
    const seen: number[] = [];
    const deadline = Date.now() + 240_000;
    let current = queued;
    while (current.status !== 'done') {
      if (Date.now() > deadline) throw new Error(`import stuck: ${JSON.stringify(current)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      current = (
        await request(t.server)
          .get(`/api/connections/${connection.id}/imports/${queued.id}`)
          .set(bearer(org.adminToken))
          .expect(200)
      ).body as ActivityImport;
      seen.push(current.processed);
    }
    // The bar moved through the file, not from 0 to done in one step.
    expect(seen.some((processed) => processed > 0 && processed < 100_000)).toBe(true);
    expect(current).toMatchObject({
      processed: 100_000,
      recorded: 100_000,
      unmatched: 0,
      error: null,
    });
    const log = await request(t.server)
      .get(`/api/activities?limit=1`)
      .set(bearer(org.adminToken))
      .expect(200);
    expect(log.body.total).toBe(100_000);

    // Rows of the same file again (its first 5,000, the same ids): nothing is counted twice.
    const again = (await upload(lines.slice(0, 5001).join('\n')).expect(202))
      .body as ActivityImport;
    const deadline2 = Date.now() + 240_000;
    let second = again;
    while (second.status !== 'done') {
      if (Date.now() > deadline2) throw new Error(`import stuck: ${JSON.stringify(second)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      second = (
        await request(t.server)
          .get(`/api/connections/${connection.id}/imports/${again.id}`)
          .set(bearer(org.adminToken))
          .expect(200)
      ).body as ActivityImport;
    }
    expect(second.recorded).toBe(0);
    const after = await request(t.server)
      .get(`/api/activities?limit=1`)
      .set(bearer(org.adminToken))
      .expect(200);
    expect(after.body.total).toBe(100_000);

    const verified = await request(t.server)
      .post('/api/admin/verify-scores')
      .set(bearer(org.adminToken))
      .expect(200);
    expect(verified.body.differences).toEqual([]);
    const board = await request(t.server)
      .get(`/api/contests/${contest.id}/leaderboard?limit=1`)
      .set(bearer(org.adminToken))
      .expect(200);
    expect(board.body.total).toBe(200);
  }, 600_000);
});
