import { errorCodeOfStatus, type ApiError, type ErrorCode } from '@arena/contracts';
import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { databaseFailure } from './database-errors';
import { DomainError, ServiceUnavailableError } from './errors';

/** The one place that turns any failure into the API's JSON error shape. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const unavailable = toUnavailable(exception);
    const body = this.toApiError(unavailable ?? exception);
    if (unavailable) this.logger.warn(`503: ${(exception as Error)?.message ?? exception}`);
    else if (body.statusCode >= 500) this.logger.error(exception);
    if (response.headersSent) return;
    // A 503 is a "come back later", not a crash: say when, for clients and load balancers.
    if (unavailable) response.setHeader('Retry-After', String(unavailable.retryAfterSeconds));
    response.status(body.statusCode).json(body);
  }

  toApiError(exception: unknown): ApiError {
    return toApiError(exception);
  }
}

/**
 * The API error a failure answers, whoever reports it: the filter over HTTP, the live gateway in
 * socket.io acks and handshake refusals.
 */
export function apiErrorOf(exception: unknown): ApiError {
  return toApiError(toUnavailable(exception) ?? exception);
}

/** The error body of `exception` as it is (a database failure not yet mapped to 503). */
function toApiError(exception: unknown): ApiError {
  if (exception instanceof DomainError) {
    return error(exception.status, exception.code, exception.message, exception.errors);
  }
  if (exception instanceof ThrottlerException) {
    return error(429, 'rate_limited', 'Too many requests. Wait a minute and try again.');
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const res = exception.getResponse();
    const message =
      typeof res === 'string'
        ? res
        : Array.isArray((res as { message?: unknown }).message)
          ? (res as { message: string[] }).message.join('; ')
          : String((res as { message?: unknown }).message ?? exception.message);
    return error(status, errorCodeOfStatus(status), message);
  }
  // body-parser errors arrive as plain errors with an HTTP `status` and a `type`.
  const bodyError = exception as { type?: string; status?: number; limit?: number };
  if (bodyError?.type === 'entity.too.large') {
    return error(
      413,
      'payload_too_large',
      `Request body is too large (the limit is ${bodyError.limit ?? 'exceeded'} bytes).`,
    );
  }
  if (bodyError?.type === 'entity.parse.failed') {
    return error(400, 'malformed_body', 'Request body is not valid JSON.');
  }
  // zlib's errors (they carry an errno) while inflating a gzip, deflate or br body.
  if (bodyError?.status === 400 && typeof (exception as { errno?: unknown }).errno === 'number') {
    return error(
      400,
      'malformed_body',
      'Request body could not be decompressed: it is not valid data for its Content-Encoding.',
    );
  }
  if (typeof bodyError?.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
    return error(
      bodyError.status,
      errorCodeOfStatus(bodyError.status),
      String((exception as Error).message),
    );
  }
  if (exception instanceof QueryFailedError) {
    const code = (exception.driverError as { code?: string } | undefined)?.code;
    // A constraint the service did not anticipate: still the client's conflict, not our crash.
    if (code === '23505') return error(409, 'conflict', 'This conflicts with an existing record.');
    if (code === '22P02' || code === '23514')
      return error(400, 'invalid_input', 'A value is not valid for this field.');
  }
  return error(500, 'internal', 'Something went wrong on our side. It has been logged.');
}

/**
 * A database that is busy, unreachable or too slow is a 503 with Retry-After, whichever path met
 * it: a transaction (already mapped by runTransaction) or a plain read.
 */
export function toUnavailable(exception: unknown): ServiceUnavailableError | null {
  if (exception instanceof ServiceUnavailableError) return exception;
  const failure = databaseFailure(exception);
  if (!failure) return null;
  return failure === 'conflict'
    ? new ServiceUnavailableError('The server is busy; try again in a moment.', 1)
    : new ServiceUnavailableError('The database is unavailable; try again shortly.', 5);
}

function error(
  statusCode: number,
  code: ErrorCode,
  message: string,
  errors?: ApiError['errors'],
): ApiError {
  const body: ApiError = { statusCode, code, error: reason(statusCode), message };
  if (errors) body.errors = errors;
  return body;
}

function reason(status: number): string {
  const name = HttpStatus[status];
  return name
    ? name
        .toLowerCase()
        .split('_')
        .map((w) => w[0].toUpperCase() + w.slice(1))
        .join(' ')
    : 'Error';
}
