/** One invalid field of a request, as reported in a 400 answer. */
export interface FieldError {
  /** Dotted path of the field, e.g. `email` or `rules.0.pointsPerUnit`. */
  field: string;
  messages: string[];
}

/** Every error the API answers has this shape. */
export interface ApiError {
  statusCode: number;
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
