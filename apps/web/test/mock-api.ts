import { vi } from 'vitest';
import { jsonResponse } from './json-response';

type Handler = (request: { body: unknown; headers: Headers }) => Response | Promise<Response>;

/**
 * Stubs `fetch` with handlers keyed by `"METHOD /api/path"`; a healthy `GET /api/health` is built in;
 * anything else answers 404 the way the API does, so a test notices a call it did not expect. Returns the mock to inspect calls.
 */
export function mockApi(overrides: Record<string, Handler>) {
  const handlers: Record<string, Handler> = {
    'GET /api/health': () => jsonResponse(200, { status: 'ok' }),
    ...overrides,
  };
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const key = `${init.method ?? 'GET'} ${url.pathname}`;
    const handler = handlers[key];
    if (!handler) {
      return jsonResponse(404, {
        statusCode: 404,
        error: 'Not Found',
        message: `${key} not found`,
      });
    }
    const headers = new Headers(init.headers);
    // JSON bodies parsed; others (a CSV file) as sent.
    const body =
      typeof init.body !== 'string'
        ? undefined
        : (headers.get('Content-Type') ?? 'application/json').includes('json')
          ? JSON.parse(init.body)
          : init.body;
    return handler({ body, headers });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
