import type { ErrorCode, ErrorCodeOf, FieldError } from '@arena/contracts';

/**
 * A failure the caller can act on; the exception filter maps it to its HTTP status and `code`.
 * Each class has a general code for its status; a throw site passes a specific one (of the same
 * status, which the types check) where a client would act differently.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  protected abstract readonly defaultCode: ErrorCode;
  readonly errors?: FieldError[];

  constructor(
    message: string,
    private readonly specificCode?: ErrorCode,
  ) {
    super(message);
  }

  get code(): ErrorCode {
    return this.specificCode ?? this.defaultCode;
  }
}

export class InvalidInputError extends DomainError {
  readonly status = 400;
  protected readonly defaultCode = 'invalid_input';
  constructor(
    message: string,
    override readonly errors?: FieldError[],
    code?: ErrorCodeOf<400>,
  ) {
    super(message, code);
  }

  /** One invalid field, reported the same way as the validation pipe reports them. */
  static field(field: string, message: string): InvalidInputError {
    return new InvalidInputError(`${field}: ${message}`, [{ field, messages: [message] }]);
  }
}

export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  protected readonly defaultCode = 'unauthenticated';
  constructor(message: string, code?: ErrorCodeOf<401>) {
    super(message, code);
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  protected readonly defaultCode = 'forbidden';
  constructor(message: string, code?: ErrorCodeOf<403>) {
    super(message, code);
  }
}

/** Also what another organisation's resource answers: its existence is never revealed. */
export class NotFoundError extends DomainError {
  readonly status = 404;
  protected readonly defaultCode = 'not_found';
  constructor(what: string) {
    super(`${what} not found`);
  }
}

export class ConflictError extends DomainError {
  readonly status = 409;
  protected readonly defaultCode = 'conflict';
  constructor(message: string, code?: ErrorCodeOf<409>) {
    super(message, code);
  }
}

export class RateLimitedError extends DomainError {
  readonly status = 429;
  protected readonly defaultCode = 'rate_limited';
  constructor(message: string) {
    super(message);
  }
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  protected readonly defaultCode = 'payload_too_large';
  constructor(message: string) {
    super(message);
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  protected readonly defaultCode = 'unsupported_encoding';
  constructor(message: string) {
    super(message);
  }
}

/**
 * The request was valid but the database could not take it now (busy, unreachable or timed out);
 * nothing was stored. Answered 503 with `Retry-After`, so clients and load balancers back off.
 */
export class ServiceUnavailableError extends DomainError {
  readonly status = 503;
  protected readonly defaultCode = 'unavailable';
  constructor(
    message: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(message);
  }
}
