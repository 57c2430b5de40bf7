import type { FieldError } from '@arena/contracts';

/** A failure the caller can act on; the exception filter maps it to its HTTP status. */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  readonly errors?: FieldError[];
}

export class InvalidInputError extends DomainError {
  readonly status = 400;
  constructor(
    message: string,
    override readonly errors?: FieldError[],
  ) {
    super(message);
  }

  /** One invalid field, reported the same way as the validation pipe reports them. */
  static field(field: string, message: string): InvalidInputError {
    return new InvalidInputError(`${field}: ${message}`, [{ field, messages: [message] }]);
  }
}

export class UnauthenticatedError extends DomainError {
  readonly status = 401;
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
}

/** Also what another organisation's resource answers: its existence is never revealed. */
export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(what: string) {
    super(`${what} not found`);
  }
}

export class ConflictError extends DomainError {
  readonly status = 409;
}

export class RateLimitedError extends DomainError {
  readonly status = 429;
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
}

/**
 * The request was valid but the database could not take it now (busy, unreachable or timed out);
 * nothing was stored. Answered 503 with `Retry-After`, so clients and load balancers back off.
 */
export class ServiceUnavailableError extends DomainError {
  readonly status = 503;
  constructor(
    message: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(message);
  }
}
