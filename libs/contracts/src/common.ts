/** One invalid field of a request, as reported in a 400 answer. */
export interface FieldError {
  /** Dotted path of the field, e.g. `email` or `rules.0.pointsPerUnit`. */
  field: string;
  messages: string[];
  /**
   * Where a shared rule refused the value: one stable code per message, in the same order
   * (contest definitions: `ContestProblemCode`).
   */
  codes?: string[];
}

/**
 * Every machine-readable error code, with the HTTP status it answers with. The same codes reach
 * socket.io clients (subscribe acks, `connect_error` data). Clients branch on `code`, never on
 * `message` (a sentence for people, which may change); a specific code exists only where a client
 * acts differently from its status's general one. What each means: `ERROR_MEANING`.
 */
export const ERROR_STATUS = {
  invalid_input: 400,
  malformed_body: 400,
  import_rejected: 400,
  unauthenticated: 401,
  session_ended: 401,
  bad_signature: 401,
  forbidden: 403,
  signup_closed: 403,
  not_found: 404,
  conflict: 409,
  email_unavailable: 409,
  already_voided: 409,
  contest_ended: 409,
  connection_paused: 409,
  payload_too_large: 413,
  unsupported_encoding: 415,
  rate_limited: 429,
  too_many_connections: 429,
  cooling_down: 429,
  unavailable: 503,
  internal: 500,
} as const satisfies Record<string, number>;

/** A stable, machine-readable error reason (see ERROR_STATUS). */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** What each code means, for people (the OpenAPI descriptions read it). */
export const ERROR_MEANING: Record<ErrorCode, string> = {
  invalid_input: 'A field is invalid; `errors` names each one.',
  malformed_body: 'The body is not valid JSON, or not valid data for its `Content-Encoding`.',
  import_rejected:
    '`POST /api/users/import`: rows are invalid; `errors` names each (`users.12.email`), with an `ImportProblemCode` per message; nothing was stored.',
  unauthenticated: 'No credential, a wrong one, or wrong sign-in details.',
  session_ended:
    'The session ended (expired, signed out, password or role changed, account deactivated): sign in again.',
  bad_signature:
    "A webhook's sender proof (signature, timestamp or HTTP auth) is missing, wrong or older than 5 minutes; nothing was stored.",
  forbidden: 'Signed in, but the role, API key scope or display playlist does not allow this.',
  signup_closed: '`POST /api/orgs` on a server whose admin closed sign-up (SIGNUP=closed).',
  not_found: 'Absent, or in another organisation (its existence is never revealed).',
  conflict: 'The request conflicts with the current state of a record.',
  email_unavailable:
    'Sign-up or new user: the email address cannot be used (whether it exists is not revealed).',
  already_voided: 'The activity was voided already.',
  connection_paused:
    'The connection is paused: it takes no webhooks and syncs nothing until resumed.',
  contest_ended: 'The contest has ended: its rules, window and participants are fixed (SPEC §3).',
  payload_too_large: 'The body (or its shape: depth, keys, items) is over its limit.',
  unsupported_encoding: 'The `Content-Encoding` is not one the API inflates (gzip, deflate, br).',
  rate_limited:
    'Too many requests or connection attempts: wait (`Retry-After`, or `retryAfterMs`) and retry.',
  too_many_connections:
    'Live only: too many open connections from one address; close one before retrying.',
  cooling_down: "Live only: this token's socket was dropped for flooding; wait `retryAfterMs`.",
  unavailable:
    'Busy or the database is unreachable; nothing was stored. Retry after `Retry-After`.',
  internal: 'Our fault; it has been logged.',
};

/** Every code, e.g. for an OpenAPI enum. */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** The codes answered with HTTP status `S`. */
export type ErrorCodeOf<S extends number> = {
  [C in ErrorCode]: (typeof ERROR_STATUS)[C] extends S ? C : never;
}[ErrorCode];

/**
 * The general code of an HTTP status, for errors that carry none of their own (the framework's,
 * such as an unknown route's 404, or a proxy's answer the client synthesises a body for).
 */
export function errorCodeOfStatus(status: number): ErrorCode {
  const general: Partial<Record<number, ErrorCode>> = {
    400: 'invalid_input',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    413: 'payload_too_large',
    415: 'unsupported_encoding',
    429: 'rate_limited',
    503: 'unavailable',
  };
  // Other client errors (405, 408, 411, …) all mean "this request, as sent, cannot be served".
  return general[status] ?? (status >= 400 && status < 500 ? 'invalid_input' : 'internal');
}

/** Every error the API answers has this shape. */
export interface ApiError {
  statusCode: number;
  /** Machine-readable reason: what a client branches on. */
  code: ErrorCode;
  /** Short name of the status, e.g. `Bad Request`. */
  error: string;
  /** A sentence a person can act on. */
  message: string;
  /** Present on validation errors: each invalid field. */
  errors?: FieldError[];
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** One dependency's state: `ok`, or `unavailable` when it does not answer in time. */
export type DependencyStatus = 'ok' | 'unavailable';

/**
 * `GET /api/health`: `ok` when every dependency answers; `degraded` (still 200) when the database
 * answers but Redis does not (live updates then reach only this instance's clients); `unavailable`
 * (503) when the database does not answer. `redis` is absent when REDIS_URL is not set.
 */
export interface HealthResponse {
  status: 'ok' | 'degraded' | 'unavailable';
  checks: { database: DependencyStatus; redis?: DependencyStatus };
}

/**
 * `GET /api/health/ready`, for a load balancer: 200 `ready` while this instance can serve
 * (database answers), 503 `not-ready` when it cannot or while it shuts down.
 */
export interface ReadinessResponse {
  status: 'ready' | 'not-ready';
  /** Why not, when not ready. */
  reason?: string;
}

/** ISO-8601 timestamp with offset, e.g. `2026-11-26T09:30:00.000Z`. */
export type IsoDateTime = string;
