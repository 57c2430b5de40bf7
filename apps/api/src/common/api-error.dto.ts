import {
  CONTEST_PROBLEM_CODES,
  ERROR_CODES,
  ERROR_STATUS,
  type ApiError,
  type ErrorCode,
  type FieldError,
} from '@arena/contracts';
import { ApiProperty, ApiPropertyOptional, ApiSchema, getSchemaPath } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';

@ApiSchema({ name: 'FieldError' })
class FieldErrorDto implements FieldError {
  @ApiProperty({ example: 'rules.0.pointsPerUnit' }) field!: string;
  @ApiProperty({ type: [String], example: ['pointsPerUnit must be a decimal number'] })
  messages!: string[];
  @ApiPropertyOptional({
    type: [String],
    enum: CONTEST_PROBLEM_CODES,
    description:
      'Where a shared rule refused the value (contest definitions): one code per message, in order',
  })
  codes?: string[];
}

/** The error body of every failing request (the exception filter's output). */
@ApiSchema({ name: 'ApiError' })
export class ApiErrorDto implements ApiError {
  @ApiProperty({ example: 404 }) statusCode!: number;

  @ApiProperty({
    enum: ERROR_CODES,
    enumName: 'ErrorCode',
    description:
      'Machine-readable reason, stable across releases; branch on it, not on `message`. ' +
      ERROR_CODES.map((code) => `\`${code}\` (${ERROR_STATUS[code]})`).join(', ') +
      '. The same codes arrive over socket.io: `{ok: false, code, error}` acks and `connect_error` `data.code`.',
  })
  code!: ErrorCode;

  @ApiProperty({ example: 'Not Found' }) error!: string;
  @ApiProperty({ example: 'Contest not found' }) message!: string;

  @ApiPropertyOptional({
    type: [FieldErrorDto],
    description: 'On `invalid_input`: each invalid field',
  })
  errors?: FieldErrorDto[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/**
 * Every error response of the document gets the ApiError body, and every operation a `default`
 * response for the errors it does not list (a 401 where it needs a credential, a 503 from the
 * database, a 500): declaring it once here keeps it true of routes added later. Responses that
 * declare a body of their own (health's 503 is its status report) keep it.
 */
export function documentErrors(document: OpenAPIObject): OpenAPIObject {
  const content = { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorDto) } } };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (response && (Number(status) >= 400 || status === 'default') && !('$ref' in response))
          response.content ??= content;
      }
      if (operation.security?.length && !operation.responses['401']) {
        operation.responses['401'] = {
          description: '`unauthenticated` (no or a wrong credential) or `session_ended`',
          content,
        };
      }
      operation.responses['default'] ??= {
        description: 'Any other error, as ApiError with its `code`',
        content,
      };
    }
  }
  return document;
}
