import { ERROR_CODES, ERROR_STATUS, type ApiError, type ErrorCode } from '@arena/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { addUser, bearer, logActivity, PASSWORD, signupOrg, uniqueEmail } from './builders';
import { closeLive, connectLive, refusalOf, subscribe, type LiveClientSocket } from './live-client';
import { startTestApp, type TestApp } from './test-app';

type OpenApiResponse = {
  $ref?: string;
  content?: Record<string, { schema?: { $ref?: string; allOf?: Array<{ $ref?: string }> } }>;
};
type OpenApiDocument = {
  paths: Record<string, Record<string, { responses: Record<string, OpenApiResponse> }>>;
  components: {
    schemas: Record<string, { properties?: Record<string, unknown>; enum?: string[] }>;
  };
};

/** Issue 12.4: every error carries a stable `code`, over HTTP and over socket.io alike. */
describe('error codes', () => {
  let t: TestApp;
  const sockets: LiveClientSocket[] = [];
  const connect = async (token: string | undefined) => {
    const socket = await connectLive(t.baseUrl, token);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterEach(() => closeLive(sockets.splice(0)));
  afterAll(() => t.close());

  /** The body's code, checked against the status the contract gives it. */
  function codeOf(res: { status: number; body: ApiError }): ErrorCode {
    expect(res.body.statusCode).toBe(res.status);
    expect(ERROR_STATUS[res.body.code]).toBe(res.status);
    return res.body.code;
  }

  it('answers every kind of HTTP error with its code', async () => {
    const org = await signupOrg(t.server);
    const admin = bearer(org.adminToken);
    const rep = await addUser(t.server, org, 'rep');
    const server = request(t.server);

    const invalid = await server.post('/api/teams').set(admin).send({ name: '' });
    expect(codeOf(invalid)).toBe('invalid_input');
    expect(invalid.body.errors?.[0]?.field).toBe('name');

    const malformed = await server
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email":');
    expect(codeOf(malformed)).toBe('malformed_body');

    const deep = await server
      .post('/api/teams')
      .set(admin)
      .set('Content-Type', 'application/json')
      .send('{"a":'.repeat(40) + '1' + '}'.repeat(40));
    expect(codeOf(deep)).toBe('payload_too_large');

    const encoded = await server
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'compress')
      .send('{}');
    expect(codeOf(encoded)).toBe('unsupported_encoding');

    expect(codeOf(await server.get('/api/me'))).toBe('unauthenticated');
    const wrongPassword = await server
      .post('/api/auth/login')
      .send({ email: org.admin.email, password: 'not the password' });
    expect(codeOf(wrongPassword)).toBe('unauthenticated');
    expect(codeOf(await server.get('/api/me').set(bearer('arena_not-a-key')))).toBe(
      'unauthenticated',
    );

    const signedOut = await addUser(t.server, org, 'rep');
    await server.post('/api/auth/logout').set(bearer(signedOut.token)).expect(204);
    expect(codeOf(await server.get('/api/me').set(bearer(signedOut.token)))).toBe('session_ended');

    expect(codeOf(await server.get('/api/api-keys').set(bearer(rep.token)))).toBe('forbidden');
    expect(codeOf(await server.get(`/api/contests/${randomUUID()}`).set(admin))).toBe('not_found');
    expect(codeOf(await server.get('/api/no-such-route').set(admin))).toBe('not_found');

    await server.post('/api/teams').set(admin).send({ name: 'North' }).expect(201);
    expect(codeOf(await server.post('/api/teams').set(admin).send({ name: 'North' }))).toBe(
      'conflict',
    );

    const taken = await server.post('/api/orgs').send({
      orgName: `Again ${randomUUID().slice(0, 6)}`,
      timezone: 'Europe/Amsterdam',
      adminName: 'Ada Again',
      adminEmail: org.admin.email,
      adminPassword: PASSWORD,
    });
    expect(codeOf(taken)).toBe('email_unavailable');

    const activity = (await logActivity(t.server, rep.token, { type: 'call', quantity: 1 })) as {
      id: string;
    };
    const voiding = () =>
      server.post(`/api/activities/${activity.id}/void`).set(admin).send({ reason: 'twice' });
    await voiding().expect(200);
    expect(codeOf(await voiding())).toBe('already_voided');
  });

  it('answers a rate-limited sign-in with rate_limited', async () => {
    const email = uniqueEmail();
    let res;
    // The per-account budget is small; the first answer past it is the one under test.
    do {
      res = await request(t.server).post('/api/auth/login').send({ email, password: PASSWORD });
    } while (res.status === 401);
    expect(codeOf(res)).toBe('rate_limited');
  });

  it('refuses a live handshake with the code of its reason in connect_error data', async () => {
    const org = await signupOrg(t.server);
    expect((await refusalOf(connect(undefined))).data).toEqual({ code: 'unauthenticated' });

    const key = await request(t.server)
      .post('/api/api-keys')
      .set(bearer(org.adminToken))
      .send({ name: 'CRM' })
      .expect(201);
    const keyRefusal = await refusalOf(connect((key.body as { key: string }).key));
    expect(keyRefusal.data).toEqual({ code: 'unauthenticated' });
    expect(keyRefusal.message).toMatch(/API key cannot open a live connection/);

    const rep = await addUser(t.server, org, 'rep');
    await request(t.server).post('/api/auth/logout').set(bearer(rep.token)).expect(204);
    expect((await refusalOf(connect(rep.token))).data).toEqual({ code: 'session_ended' });
  });

  it('answers refused subscriptions with the same codes as HTTP', async () => {
    const org = await signupOrg(t.server);
    const socket = await connect(org.adminToken);
    expect(await subscribe(socket, 'not-an-id')).toMatchObject({
      ok: false,
      code: 'invalid_input',
    });
    expect(await subscribe(socket, randomUUID())).toEqual({
      ok: false,
      code: 'not_found',
      error: 'Contest not found',
    });
  });

  it('documents the error body with its code on every error response of the OpenAPI', async () => {
    const document = (await request(t.server).get('/api/docs-json').expect(200))
      .body as OpenApiDocument;
    const schemas = document.components.schemas;
    expect(schemas['ApiError']?.properties?.['code']).toMatchObject({
      allOf: [{ $ref: '#/components/schemas/ErrorCode' }],
    });
    expect(schemas['ErrorCode']?.enum).toEqual(ERROR_CODES);

    const undocumented: string[] = [];
    let operations = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        operations++;
        if (!operation.responses['default']) undocumented.push(`${method} ${path} default`);
        for (const [status, response] of Object.entries(operation.responses)) {
          if (status !== 'default' && Number(status) < 400) continue;
          // Health's 503 is its status report (HealthResponse), not an error.
          if (path.startsWith('/api/health') && status === '503') continue;
          // ApiError, or ApiError with its code narrowed to what the status carries (allOf).
          const schema = response.content?.['application/json']?.schema;
          const ref = schema?.$ref ?? schema?.allOf?.[0]?.$ref;
          if (ref !== '#/components/schemas/ApiError')
            undocumented.push(`${method} ${path} ${status}`);
        }
      }
    }
    expect(operations).toBeGreaterThan(40);
    expect(undocumented).toEqual([]);
  });
});
