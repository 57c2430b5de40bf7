import { errorCodeOfStatus, type ApiError } from '@arena/contracts';
import { ApiRequestError } from './api-request-error';
import { serverReachability } from './server-reachability';
import { ServerUnreachableError } from './server-unreachable-error';
import { sessionStore } from './session-store';

type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

type RequestOptions = {
  method?: HttpMethod;
  body?: unknown;
  signal?: AbortSignal;
  /** Send the session's token (the default). Sign-in and sign-up send none. */
  authenticated?: boolean;
  /**
   * A credential of the caller's own (a TV wall's display token), sent instead of the session's.
   * A 401 for it is the caller's to handle: it never ends the session.
   */
  token?: string;
  /** Send `body` (a string) as is, with this content type (a CSV file), instead of as JSON. */
  contentType?: string;
};

const API_BASE = '/api';

/** Longest wait for an answer before calling the server unreachable. */
const REQUEST_TIMEOUT_MS = 20_000;

/** Statuses a proxy or load balancer answers with when the API behind it is down. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const {
    method = 'GET',
    body,
    signal,
    authenticated = true,
    token: ownToken,
    contentType,
  } = options;
  const headers: Record<string, string> = { Accept: 'application/json' };
  const sessionToken = ownToken === undefined && authenticated ? sessionStore.getToken() : null;
  const token = ownToken ?? sessionToken;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = contentType ?? 'application/json';

  // A server that accepts the connection but never answers is as unreachable as one that is off.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  const abortWithCaller = () => controller.abort(signal?.reason);
  if (signal?.aborted) abortWithCaller();
  signal?.addEventListener('abort', abortWithCaller, { once: true });

  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      body:
        body === undefined
          ? undefined
          : contentType && typeof body === 'string'
            ? body
            : JSON.stringify(body),
      signal: controller.signal,
    });
  } catch (error) {
    // An abort is the caller's choice (a query was cancelled), not an outage.
    if (signal?.aborted) throw error;
    serverReachability.report('unreachable');
    throw new ServerUnreachableError({ cause: error });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abortWithCaller);
  }

  const payload = await readJson(response);
  if (payload === undefined && GATEWAY_STATUSES.has(response.status)) {
    serverReachability.report('unreachable');
    throw new ServerUnreachableError();
  }
  serverReachability.report('reachable');

  if (!response.ok) {
    // A token the server no longer accepts: the session is over, whatever the page was doing
    // (unless the user has meanwhile signed in again with a new one).
    if (response.status === 401 && sessionToken && sessionStore.getToken() === sessionToken) {
      sessionStore.end('expired');
    }
    throw new ApiRequestError(toApiError(response, payload));
  }
  return payload as T;
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) return undefined;
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function isApiError(value: unknown): value is Omit<ApiError, 'code'> & Partial<ApiError> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ApiError>;
  return typeof candidate.statusCode === 'number' && typeof candidate.message === 'string';
}

function toApiError(response: Response, payload: unknown): ApiError {
  // A server from before error codes (or a proxy's JSON) still gets its status's general code.
  if (isApiError(payload))
    return { ...payload, code: payload.code ?? errorCodeOfStatus(payload.statusCode) };
  return {
    statusCode: response.status,
    code: errorCodeOfStatus(response.status),
    error: response.statusText || 'Error',
    message: `The server answered with an unexpected error (HTTP ${response.status}). Try again in a moment.`,
  };
}

/**
 * The one way the client talks to the API under `/api`: adds the session's bearer token, parses
 * JSON and turns failures into `ApiRequestError` (the server answered) or `ServerUnreachableError`.
 */
export const apiClient = {
  request,
  get<T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>): Promise<T> {
    return request<T>(path, { ...options, method: 'GET' });
  },
  post<T>(path: string, body: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) {
    return request<T>(path, { ...options, method: 'POST', body });
  },
  patch<T>(path: string, body: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) {
    return request<T>(path, { ...options, method: 'PATCH', body });
  },
  delete<T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>): Promise<T> {
    return request<T>(path, { ...options, method: 'DELETE' });
  },
};
