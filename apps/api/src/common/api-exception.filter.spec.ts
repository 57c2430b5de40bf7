import { ERROR_STATUS, type ErrorCode } from '@arena/contracts';
import { BadRequestException, MethodNotAllowedException, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { QueryFailedError } from 'typeorm';
import { apiErrorOf } from './api-exception.filter';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  ServiceUnavailableError,
  UnauthenticatedError,
  UnsupportedMediaTypeError,
} from './errors';

/** A failed query as TypeORM reports it, with PostgreSQL's SQLSTATE. */
const queryFailed = (code: string) =>
  new QueryFailedError('SELECT 1', [], Object.assign(new Error('failed'), { code }));

describe('apiErrorOf', () => {
  it.each<[string, unknown, ErrorCode]>([
    ['invalid input', InvalidInputError.field('name', 'must not be empty'), 'invalid_input'],
    ['unauthenticated', new UnauthenticatedError('Sign in first.'), 'unauthenticated'],
    ['a session ended', new UnauthenticatedError('Signed out.', 'session_ended'), 'session_ended'],
    ['forbidden', new ForbiddenError('Admins only.'), 'forbidden'],
    ['not found', new NotFoundError('Contest'), 'not_found'],
    ['a conflict', new ConflictError('Exists.'), 'conflict'],
    ['an unusable email', new ConflictError('Taken.', 'email_unavailable'), 'email_unavailable'],
    ['voided twice', new ConflictError('Voided.', 'already_voided'), 'already_voided'],
    ['rate-limited', new RateLimitedError('Slow down.'), 'rate_limited'],
    ['too large', new PayloadTooLargeError('Too deep.'), 'payload_too_large'],
    ['an encoding', new UnsupportedMediaTypeError('compress?'), 'unsupported_encoding'],
    ['unavailable', new ServiceUnavailableError('Busy.'), 'unavailable'],
    ['the throttler', new ThrottlerException(), 'rate_limited'],
    ["Nest's 404", new NotFoundException('Cannot GET /api/x'), 'not_found'],
    ["Nest's 400", new BadRequestException('bad'), 'invalid_input'],
    ['a body too large', { type: 'entity.too.large', status: 413, limit: 10 }, 'payload_too_large'],
    ['bad JSON', { type: 'entity.parse.failed', status: 400 }, 'malformed_body'],
    [
      'a corrupt gzip body',
      { status: 400, errno: -3, message: 'incorrect header' },
      'malformed_body',
    ],
    [
      'another body-parser error',
      { type: 'charset.unsupported', status: 415 },
      'unsupported_encoding',
    ],
    ['an unforeseen duplicate', queryFailed('23505'), 'conflict'],
    ['a bad value', queryFailed('22P02'), 'invalid_input'],
    ['a deadlock', queryFailed('40P01'), 'unavailable'],
    ['a lost connection', queryFailed('57P01'), 'unavailable'],
    ['a bug', new TypeError('x is undefined'), 'internal'],
  ])('gives %s its code and status', (_kind, exception, code) => {
    const body = apiErrorOf(exception);
    expect(body.code).toBe(code);
    expect(body.statusCode).toBe(ERROR_STATUS[code]);
    expect(body.message.length).toBeGreaterThan(0);
  });

  it("keeps a status without a code of its own, with its class's general code", () => {
    expect(apiErrorOf(new MethodNotAllowedException())).toMatchObject({
      statusCode: 405,
      code: 'invalid_input',
    });
  });
});
