import { ERROR_CODES, ERROR_STATUS, type ErrorCode } from '@arena/contracts';
import Ajv, { type ValidateFunction } from 'ajv';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import ts from 'typescript';
import { addUser, bearer, signupOrg } from './builders';
import { startTestApp, type TestApp } from './test-app';

type Schema = Record<string, unknown>;
type Response = { description?: string; content?: { 'application/json'?: { schema?: Schema } } };
type Operation = {
  summary?: string;
  security?: unknown[];
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: unknown;
  responses: Record<string, Response>;
};
type OpenApiDocument = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

const API_ERROR = '#/components/schemas/ApiError';

/** Each operation as `METHOD /path`, with its definition. */
function operations(document: OpenApiDocument): Array<[string, Operation]> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as const),
  ) as Array<[string, Operation]>;
}

/** The codes an error response documents, or why it is not the ApiError body. */
function errorCodesOf(response: Response): ErrorCode[] | string {
  const schema = response.content?.['application/json']?.schema;
  if (!schema) return 'no schema';
  if (schema['$ref'] === API_ERROR) return ERROR_CODES;
  const [ref, narrowed] = (schema['allOf'] ?? []) as Schema[];
  if (ref?.['$ref'] !== API_ERROR) return `not ApiError: ${JSON.stringify(schema)}`;
  const code = (narrowed?.['properties'] as Record<string, Schema> | undefined)?.['code'];
  return (code?.['enum'] as ErrorCode[] | undefined) ?? 'no code enum';
}

/**
 * The document's schemas as JSON Schema for Ajv, strict about what the server sends: OpenAPI 3.0's
 * `nullable` and boolean `exclusiveMinimum` rewritten, and objects closed (`additionalProperties:
 * false`) so that a field the server sends but the document does not name fails.
 */
function toJsonSchema(node: unknown, inAllOf = false): unknown {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, inAllOf));
  if (!node || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example') continue;
    out[key] =
      key === 'properties'
        ? Object.fromEntries(
            Object.entries(value as Schema).map(([name, property]) => [
              name,
              toJsonSchema(property),
            ]),
          )
        : toJsonSchema(value, key === 'allOf');
  }
  if (typeof out['exclusiveMinimum'] === 'boolean') {
    if (out['exclusiveMinimum']) out['exclusiveMinimum'] = out['minimum'];
    else delete out['exclusiveMinimum'];
    delete out['minimum'];
  }
  if (out['properties'] && !inAllOf && !out['allOf']) out['additionalProperties'] ??= false;
  if (out['nullable'] === true) {
    delete out['nullable'];
    return { anyOf: [{ type: 'null' }, out] };
  }
  return out;
}

/** A TypeScript file that uses the generated client: login → create a contest → its leaderboard. */
const CLIENT = `
import createClient from 'openapi-fetch';
import type { components, paths } from './arena-api';

type Schemas = components['schemas'];

export async function marchLeaderboard(
  baseUrl: string,
  email: string,
  password: string,
): Promise<Schemas['Leaderboard'] | undefined> {
  const arena = createClient<paths>({ baseUrl });
  const signedIn = await arena.POST('/api/auth/login', { body: { email, password } });
  if (signedIn.error) {
    const code: Schemas['ErrorCode'] = signedIn.error.code;
    // @ts-expect-error an error's code is one of the documented codes
    if (signedIn.error.code === 'wrong_password') return undefined;
    return code === 'rate_limited' ? undefined : undefined;
  }
  // Each error status narrows the code to what it can be.
  type TooMany = paths['/api/auth/login']['post']['responses'][429]['content']['application/json'];
  const tooMany: 'rate_limited' = ({} as TooMany).code;
  void tooMany;

  const headers = { Authorization: \`Bearer \${signedIn.data.accessToken}\` };
  const created = await arena.POST('/api/contests', {
    headers,
    body: {
      name: 'March calls',
      startsAt: '2026-03-01T00:00:00Z',
      endsAt: '2026-04-01T00:00:00Z',
      participantIds: [signedIn.data.user.id],
      rules: [{ activityType: 'call', pointsPerUnit: 1, dailyCap: null }],
    },
  });
  if (!created.data) return undefined;
  const contest: Schemas['Contest'] = created.data;
  const board = await arena.GET('/api/contests/{id}/leaderboard', {
    headers,
    params: { path: { id: contest.id }, query: { limit: 10 } },
  });
  const first: Schemas['LeaderboardEntry'] | undefined = board.data?.entries[0];
  const points: number | undefined = first?.points;
  const kind: 'user' | 'team' | undefined = first?.participant.kind;
  const counted: number | undefined = first?.breakdown[0]?.countedUnits;
  void [points, kind, counted];
  const score = await arena.GET('/api/contests/{id}/scores/{participantId}', {
    headers,
    params: { path: { id: contest.id, participantId: signedIn.data.user.id } },
  });
  const multiplier: number | undefined = score.data?.explanation[0]?.multiplier;
  void multiplier;

  // @ts-expect-error total is a number
  const total: string | undefined = board.data?.total;
  // @ts-expect-error the leaderboard's path needs the contest id
  await arena.GET('/api/contests/{id}/leaderboard', { headers, params: { path: {} } });
  // @ts-expect-error a contest needs rules
  await arena.POST('/api/contests', { headers, body: { name: 'x', startsAt: '', endsAt: '', participantIds: [] } });
  // @ts-expect-error login takes an email, not a username
  await arena.POST('/api/auth/login', { body: { username: email, password } });
  // @ts-expect-error there is no such operation
  await arena.GET('/api/leaderboards');
  // @ts-expect-error a contest's status is one of its states
  if (contest.status === 'running') return undefined;
  void total;
  return board.data;
}
`;

/**
 * Type-checks `files` (in memory, placed in this folder so that `openapi-fetch` resolves from the
 * workspace) with the workspace's TypeScript, strict; answers each error as `line: message`.
 */
function typeCheck(files: Record<string, string>): string[] {
  const root = join(__dirname, '.openapi-client');
  const virtual = new Map(Object.entries(files).map(([name, text]) => [join(root, name), text]));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name);
  host.readFile = (name) => virtual.get(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, language, ...rest) => {
    const text = virtual.get(name);
    return text !== undefined
      ? ts.createSourceFile(name, text, language)
      : getSourceFile.call(host, name, language, ...rest);
  };
  host.directoryExists = (name) =>
    name === root || name.startsWith(root + '/') || ts.sys.directoryExists(name);
  const program = ts.createProgram([join(root, 'client.ts')], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where =
      diagnostic.file && diagnostic.start !== undefined
        ? `${diagnostic.file.fileName.slice(dirname(root).length + 1)}:${
            diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1
          }`
        : '';
    return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

/** Issue 13.7: an OpenAPI document that a client generator can use, true to what the server says. */
describe('OpenAPI document (/api/docs-json)', () => {
  let t: TestApp;
  let document: OpenApiDocument;
  beforeAll(async () => {
    t = await startTestApp();
    document = (await request(t.server).get('/api/docs-json').expect(200)).body as OpenApiDocument;
  });
  afterAll(() => t.close());

  it('documents the success body of every operation, and every response has a description', () => {
    const problems: string[] = [];
    for (const [name, op] of operations(document)) {
      if (!op.summary) problems.push(`${name}: no summary`);
      const statuses = Object.keys(op.responses);
      const successes = statuses.filter((status) => /^[23]/.test(status));
      if (successes.length === 0) problems.push(`${name}: no success response`);
      for (const status of successes) {
        const schema = op.responses[status].content?.['application/json']?.schema;
        // 204 and redirects have no body; every other success has a schema.
        if (status === '204' || status.startsWith('3')) {
          if (schema) problems.push(`${name} ${status}: a body where none is sent`);
        } else if (!schema) problems.push(`${name} ${status}: no body schema`);
      }
      for (const [status, response] of Object.entries(op.responses))
        if (!response.description?.trim()) problems.push(`${name} ${status}: empty description`);
    }
    expect(operations(document).length).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });

  it('documents each error with the ApiError body and the codes its status can carry', () => {
    const problems: string[] = [];
    for (const [name, op] of operations(document)) {
      const has = (status: number, code: ErrorCode) => {
        const response = op.responses[String(status)];
        const codes = response && errorCodesOf(response);
        if (!Array.isArray(codes) || !codes.includes(code))
          problems.push(`${name}: no ${status} ${code}`);
      };
      for (const [status, response] of Object.entries(op.responses)) {
        if (status !== 'default' && Number(status) < 400) continue;
        // Health's 503 is its status report (HealthResponse / ReadinessResponse).
        if (name.startsWith('GET /api/health') && status === '503') continue;
        const codes = errorCodesOf(response);
        if (!Array.isArray(codes)) problems.push(`${name} ${status}: ${codes}`);
        else if (status !== 'default') {
          for (const code of codes)
            if (ERROR_STATUS[code] !== Number(status))
              problems.push(`${name} ${status}: ${code} is a ${ERROR_STATUS[code]}`);
        }
      }
      const parameters = op.parameters ?? [];
      const method = name.split(' ')[0];
      if (!op.responses['default']) problems.push(`${name}: no default`);
      if (op.security?.length) {
        has(401, 'unauthenticated');
        has(401, 'session_ended');
        has(403, 'forbidden');
      }
      if (op.requestBody || parameters.some((p) => p.in === 'query')) has(400, 'invalid_input');
      if (['POST', 'PUT', 'PATCH'].includes(method)) {
        has(400, 'malformed_body');
        has(413, 'payload_too_large');
        has(415, 'unsupported_encoding');
      }
      if (parameters.some((p) => p.in === 'path')) has(404, 'not_found');
      if (!name.startsWith('GET /api/health')) has(503, 'unavailable');
    }
    expect(problems).toEqual([]);

    const codes = (name: string, status: number) =>
      errorCodesOf(
        operations(document).find(([n]) => n === name)![1].responses[String(status)] ?? {},
      );
    // Public operations: what they answer without a credential.
    expect(codes('POST /api/auth/login', 401)).toEqual(['unauthenticated']);
    expect(codes('POST /api/auth/login', 429)).toEqual(['rate_limited']);
    expect(codes('POST /api/orgs', 409)).toEqual(['email_unavailable']);
    expect(codes('POST /api/orgs', 429)).toEqual(['rate_limited']);
    expect(codes('POST /api/activities/{id}/void', 409)).toEqual(['already_voided']);
    expect(codes('PATCH /api/contests/{id}', 409)).toEqual(['contest_ended', 'conflict']);
    expect(codes('POST /api/recognitions', 429)).toEqual(['rate_limited']);
    const health = document.paths['/api/health']['get'].responses;
    expect(health['503'].content?.['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/HealthResponse',
    });
  });

  it('names the schemas of SPEC §4 for what they are', () => {
    const schemas = document.components.schemas;
    for (const name of [
      'Leaderboard',
      'LeaderboardEntry',
      'ParticipantRef',
      'BreakdownLine',
      'ParticipantScore',
      'ExplanationLine',
      'Contest',
      'Activity',
      'User',
      'Team',
      'Recognition',
      'Display',
      'ApiKey',
      'HealthResponse',
      'ApiError',
    ])
      expect(schemas[name]).toMatchObject({ type: 'object' });
    expect(Object.keys(schemas).filter((name) => name.endsWith('Dto'))).toEqual([]);
    expect(schemas['Leaderboard']['required']).toEqual(['contestId', 'seq', 'entries', 'total']);
  });

  it('generates a typed client (openapi-typescript) that type-checks calls and refuses wrong ones', async () => {
    // The generator's own command, on the served document, as a client's build would run it.
    const cli = join(dirname(require.resolve('openapi-typescript/package.json')), 'bin/cli.js');
    const { stdout: paths } = await promisify(execFile)(
      process.execPath,
      [cli, `${t.baseUrl}/api/docs-json`],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    expect(paths).toContain('"/api/contests/{id}/leaderboard"');

    expect(typeCheck({ 'arena-api.ts': paths, 'client.ts': CLIENT })).toEqual([]);

    // Without its @ts-expect-error, each wrong call is an error on its line, and nothing else is.
    const marked = CLIENT.split('\n').flatMap((line, i) =>
      line.includes('@ts-expect-error') ? [i + 2] : [],
    );
    expect(marked.length).toBe(7);
    const unmarked = CLIENT.replace(/\/\/ @ts-expect-error.*/g, '// (an error on the next line)');
    const errors = typeCheck({ 'arena-api.ts': paths, 'client.ts': unmarked });
    expect(errors.map((error) => Number(/^\S+:(\d+) /.exec(error)?.[1]))).toEqual(marked);
    // Two whole type-checks of a generated client: CPU work, slow on a busy two-core machine.
  }, 120_000);

  it('describes what the server really answers', async () => {
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    ajv.addSchema(
      { components: toJsonSchema(document.components) } as Record<string, unknown>,
      'arena',
    );
    const validators = new Map<string, ValidateFunction>();
    const checked: string[] = [];
    const problems: string[] = [];
    /** Notes an answer whose status the operation does not list, or whose body its schema refuses. */
    const conform = (method: string, template: string, res: request.Response) => {
      const key = `${method} ${template} ${res.status}`;
      checked.push(key);
      const response = document.paths[template]?.[method]?.responses[String(res.status)];
      if (!response) return problems.push(`${key}: not documented`);
      const schema = response.content?.['application/json']?.schema;
      if (!schema)
        return res.text === '' || problems.push(`${key}: a body where none is documented`);
      let validate = validators.get(key);
      if (!validate) {
        const rewritten = JSON.stringify(toJsonSchema(schema)).replace(
          /"#\/components\//g,
          '"arena#/components/',
        );
        validate = ajv.compile(JSON.parse(rewritten) as Schema);
        validators.set(key, validate);
      }
      if (!validate(res.body))
        problems.push(
          ...(validate.errors ?? []).map(
            (e) => `${key}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`,
          ),
        );
    };
    const server = request(t.server);

    const org = await signupOrg(t.server);
    const admin = bearer(org.adminToken);
    const rep = await addUser(t.server, org, 'rep');
    conform('get', '/api/me', await server.get('/api/me').set(admin));
    conform('get', '/api/me', await server.get('/api/me'));
    conform(
      'post',
      '/api/auth/login',
      await server.post('/api/auth/login').send({ email: org.admin.email, password: 'wrong' }),
    );
    conform('get', '/api/health', await server.get('/api/health'));
    conform('get', '/api/users', await server.get('/api/users').set(admin));
    conform('post', '/api/teams', await server.post('/api/teams').set(admin).send({ name: '' }));
    conform('get', '/api/activity-types', await server.get('/api/activity-types').set(admin));

    const created = await server
      .post('/api/contests')
      .set(admin)
      .send({
        name: 'March calls',
        startsAt: new Date(Date.now() - 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
        participantIds: [rep.user.id],
        rules: [{ activityType: 'call', pointsPerUnit: 2, dailyCap: 10 }],
        goalPoints: 10,
      });
    conform('post', '/api/contests', created);
    const id = (created.body as { id: string }).id;
    conform(
      'post',
      '/api/contests/{id}/publish',
      await server.post(`/api/contests/${id}/publish`).set(admin),
    );
    const logged = await server
      .post('/api/activities')
      .set(bearer(rep.token))
      .send({ type: 'call', quantity: 3, externalId: 'crm-1' });
    conform('post', '/api/activities', logged);
    conform(
      'post',
      '/api/activities',
      await server
        .post('/api/activities')
        .set(bearer(rep.token))
        .send({ type: 'call', quantity: 3, externalId: 'crm-1' }),
    );
    const activityId = (logged.body as { id: string }).id;
    conform(
      'post',
      '/api/activities/{id}/void',
      await server.post(`/api/activities/${activityId}/void`).set(admin).send({ reason: 'twice' }),
    );
    conform(
      'post',
      '/api/activities/{id}/void',
      await server.post(`/api/activities/${activityId}/void`).set(admin).send({ reason: 'twice' }),
    );
    await server
      .post('/api/activities')
      .set(bearer(rep.token))
      .send({ type: 'call', quantity: 4 })
      .expect(201);
    conform('get', '/api/activities', await server.get('/api/activities').set(admin));
    conform(
      'get',
      '/api/contests/{id}/leaderboard',
      await server.get(`/api/contests/${id}/leaderboard`).set(bearer(rep.token)),
    );
    conform(
      'get',
      '/api/contests/{id}/scores/{participantId}',
      await server.get(`/api/contests/${id}/scores/${rep.user.id}`).set(bearer(rep.token)),
    );
    conform(
      'get',
      '/api/contests/{id}/leaderboard',
      await server.get(`/api/contests/00000000-0000-4000-8000-000000000000/leaderboard`).set(admin),
    );
    conform(
      'post',
      '/api/contests',
      await server.post('/api/contests').set(bearer(rep.token)).send({}),
    );
    conform('get', '/api/contests/{id}', await server.get(`/api/contests/${id}`).set(admin));
    conform(
      'post',
      '/api/recognitions',
      await server
        .post('/api/recognitions')
        .set(admin)
        .send({ recipientUserId: rep.user.id, message: 'Great calls' }),
    );
    conform('get', '/api/recognitions', await server.get('/api/recognitions').set(admin));
    conform(
      'get',
      '/api/users/{id}/trophy-case',
      await server.get(`/api/users/${rep.user.id}/trophy-case`).set(admin),
    );
    conform(
      'post',
      '/api/displays',
      await server
        .post('/api/displays')
        .set(admin)
        .send({ name: 'Floor', playlist: [{ contestId: id, screen: 'leaderboard' }] }),
    );
    conform('get', '/api/displays', await server.get('/api/displays').set(admin));
    conform(
      'post',
      '/api/api-keys',
      await server
        .post('/api/api-keys')
        .set(admin)
        .send({ name: 'CRM', scopes: ['activities:write'] }),
    );
    conform(
      'post',
      '/api/admin/verify-scores',
      await server.post('/api/admin/verify-scores').set(admin),
    );
    conform(
      'post',
      '/api/auth/logout',
      await server.post('/api/auth/logout').set(bearer(rep.token)),
    );
    conform('get', '/api/me', await server.get('/api/me').set(bearer(rep.token)));

    expect(problems).toEqual([]);
    const statuses = new Set(checked.map((key) => key.split(' ')[2]));
    expect([...statuses].sort()).toEqual(
      expect.arrayContaining(['200', '201', '204', '400', '401', '403', '404', '409']),
    );
  });
});
