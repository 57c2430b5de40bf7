import type { ApiError } from '@arena/contracts';
import { jsonResponse } from '../../../test/json-response';
import { apiClient } from './api-client';
import { ApiRequestError } from './api-request-error';
import { serverReachability } from './server-reachability';
import { ServerUnreachableError } from './server-unreachable-error';
import { sessionStore } from './session-store';

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

function stubFetch(answer: Fetch) {
  const fetchMock = vi.fn<Fetch>(answer);
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the request to fail');
}

describe('apiClient', () => {
  it('sends JSON with the session token and parses the answer', async () => {
    sessionStore.start('token-123');
    const fetchMock = stubFetch(async () => jsonResponse(200, { status: 'ok' }));

    const answer = await apiClient.post<{ status: string }>('/things', { name: 'Ada' });

    expect(answer).toEqual({ status: 'ok' });
    const [url, init = {}] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/things');
    expect(init.method).toBe('POST');
    expect(init.body).toBe('{"name":"Ada"}');
    const headers = new Headers(init.headers);
    expect(headers.get('Authorization')).toBe('Bearer token-123');
    expect(headers.get('Content-Type')).toBe('application/json');
  });

  it('sends no token on calls made without authentication', async () => {
    sessionStore.start('token-123');
    const fetchMock = stubFetch(async () => jsonResponse(200, {}));

    await apiClient.post('/auth/login', {}, { authenticated: false });

    const init = fetchMock.mock.calls[0][1] ?? {};
    expect(new Headers(init.headers).has('Authorization')).toBe(false);
  });

  it("throws ApiRequestError carrying the server's ApiError body and its field errors", async () => {
    const body: ApiError = {
      statusCode: 400,
      code: 'invalid_input',
      error: 'Bad Request',
      message: 'Invalid request: adminEmail must be an email address.',
      errors: [{ field: 'adminEmail', messages: ['adminEmail must be an email address'] }],
    };
    stubFetch(async () => jsonResponse(400, body));

    const error = await caught(apiClient.post('/orgs', {}, { authenticated: false }));

    expect(error).toBeInstanceOf(ApiRequestError);
    const apiError = error as ApiRequestError;
    expect(apiError.status).toBe(400);
    expect(apiError.body).toEqual(body);
    expect(apiError.message).toBe(body.message);
    expect(apiError.fieldMessages('adminEmail')).toEqual(['Must be an email address']);
    expect(apiError.fieldMessages('orgName')).toEqual([]);
  });

  it("exposes the server's error code to branch on", async () => {
    stubFetch(async () =>
      jsonResponse(409, {
        statusCode: 409,
        code: 'email_unavailable',
        error: 'Conflict',
        message: "This email address can't be used for a new account. Use another address.",
      }),
    );

    const error = await caught(apiClient.post('/orgs', {}, { authenticated: false }));

    expect((error as ApiRequestError).code).toBe('email_unavailable');
  });

  it("gives an answer without a code its status's general code", async () => {
    stubFetch(async () => new Response('<html>Bad gateway</html>', { status: 429 }));
    const synthesised = await caught(apiClient.get('/me'));
    expect((synthesised as ApiRequestError).code).toBe('rate_limited');

    stubFetch(async () =>
      jsonResponse(404, { statusCode: 404, error: 'Not Found', message: 'Cannot GET /api/x' }),
    );
    const uncoded = await caught(apiClient.get('/x'));
    expect((uncoded as ApiRequestError).code).toBe('not_found');
  });

  it('turns a network failure into a distinguishable "server unreachable" error', async () => {
    stubFetch(async () => {
      throw new TypeError('Failed to fetch');
    });

    const error = await caught(apiClient.get('/me'));

    expect(error).toBeInstanceOf(ServerUnreachableError);
    expect(error).not.toBeInstanceOf(ApiRequestError);
    expect((error as Error).message).toMatch(/can't reach the arena server/i);
    expect(serverReachability.getSnapshot()).toBe('unreachable');
  });

  it('gives up on a server that never answers, as unreachable', async () => {
    vi.useFakeTimers();
    try {
      stubFetch(
        (_input, init) =>
          new Promise((_resolve, reject) =>
            init?.signal?.addEventListener('abort', () => reject(new DOMException('Aborted'))),
          ),
      );

      const request = caught(apiClient.get('/me'));
      await vi.advanceTimersByTimeAsync(20_000);

      expect(await request).toBeInstanceOf(ServerUnreachableError);
    } finally {
      vi.useRealTimers();
    }
  });

  it('passes a cancellation by the caller through, without reporting an outage', async () => {
    stubFetch(
      (_input, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new DOMException('Aborted'))),
        ),
    );
    const controller = new AbortController();

    const request = caught(apiClient.get('/me', { signal: controller.signal }));
    controller.abort();

    expect(await request).not.toBeInstanceOf(ServerUnreachableError);
    expect(serverReachability.getSnapshot()).toBe('reachable');
  });

  it('treats a gateway error without a JSON body as unreachable, and recovers on the next answer', async () => {
    stubFetch(async () => new Response('', { status: 502 }));
    await expect(apiClient.get('/me')).rejects.toBeInstanceOf(ServerUnreachableError);
    expect(serverReachability.getSnapshot()).toBe('unreachable');

    stubFetch(async () => jsonResponse(200, { status: 'ok' }));
    await apiClient.get('/health');
    expect(serverReachability.getSnapshot()).toBe('reachable');
  });

  it('synthesises an ApiError when an error answer has no ApiError body', async () => {
    stubFetch(async () => new Response('<html>oops</html>', { status: 500 }));

    const error = await caught(apiClient.get('/me'));

    expect(error).toBeInstanceOf(ApiRequestError);
    expect((error as ApiRequestError).body).toMatchObject({
      statusCode: 500,
      message: expect.stringContaining('HTTP 500'),
    });
  });

  it('ends the session as expired when an authenticated call answers 401', async () => {
    sessionStore.start('stale-token');
    stubFetch(async () =>
      jsonResponse(401, {
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Your session has expired or is invalid. Sign in again.',
      }),
    );

    await expect(apiClient.get('/me')).rejects.toBeInstanceOf(ApiRequestError);

    expect(sessionStore.getSnapshot()).toEqual({ token: null, endedReason: 'expired' });
    expect(window.localStorage.length).toBe(0);
  });

  it('keeps the session when a call made without the token answers 401 (a wrong password)', async () => {
    sessionStore.start('token-123');
    stubFetch(async () =>
      jsonResponse(401, {
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Email or password is incorrect.',
      }),
    );

    await expect(
      apiClient.post('/auth/login', {}, { authenticated: false }),
    ).rejects.toBeInstanceOf(ApiRequestError);

    expect(sessionStore.getToken()).toBe('token-123');
  });

  it('sends a credential of its own instead of the session token, and its 401 keeps the session', async () => {
    sessionStore.start('session-token');
    const fetchMock = stubFetch(async () =>
      jsonResponse(401, {
        statusCode: 401,
        error: 'Unauthorized',
        message: 'This display was disconnected by an admin.',
      }),
    );

    const error = await caught(apiClient.get('/display', { token: 'display-token' }));

    expect(error).toBeInstanceOf(ApiRequestError);
    const headers = new Headers(fetchMock.mock.calls[0][1]?.headers);
    expect(headers.get('Authorization')).toBe('Bearer display-token');
    expect(sessionStore.getToken()).toBe('session-token');
  });
});
