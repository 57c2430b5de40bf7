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

export interface HealthResponse {
  status: 'ok' | 'unavailable';
}

/** ISO-8601 timestamp with offset, e.g. `2026-11-26T09:30:00.000Z`. */
export type IsoDateTime = string;
