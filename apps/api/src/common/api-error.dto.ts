import {
  CONTEST_PROBLEM_CODES,
  ERROR_CODES,
  ERROR_MEANING,
  ERROR_STATUS,
  type ApiError,
  type ErrorCode,
  type FieldError,
} from '@arena/contracts';
import { applyDecorators } from '@nestjs/common';
import {
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiSchema,
  getSchemaPath,
} from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  OperationObject,
  ParameterObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

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

/** An error a route can answer: its code, or its code with what it means on this route. */
export type DocumentedError = ErrorCode | Partial<Record<ErrorCode, string>>;

/** The ApiError body, its `code` narrowed to the codes this response can carry. */
function errorSchema(codes: ErrorCode[]): SchemaObject {
  return {
    allOf: [
      { $ref: getSchemaPath(ApiErrorDto) },
      {
        type: 'object',
        required: ['code'],
        properties: { code: { type: 'string', enum: codes } },
      },
    ],
  };
}

function errorResponse(errors: Array<[ErrorCode, string]>): ResponseObject {
  return {
    description: errors.map(([code, meaning]) => `\`${code}\`: ${meaning}`).join('; '),
    content: { 'application/json': { schema: errorSchema(errors.map(([code]) => code)) } },
  };
}

function byStatus(errors: DocumentedError[]): Map<number, Array<[ErrorCode, string]>> {
  const statuses = new Map<number, Array<[ErrorCode, string]>>();
  for (const item of errors) {
    const entries: Array<[ErrorCode, string]> =
      typeof item === 'string'
        ? [[item, ERROR_MEANING[item]]]
        : (Object.entries(item) as Array<[ErrorCode, string]>);
    for (const entry of entries) {
      const status = ERROR_STATUS[entry[0]];
      statuses.set(status, [...(statuses.get(status) ?? []), entry]);
    }
  }
  return statuses;
}

/**
 * Documents the errors particular to a route, by code (each with the ApiError body, its `code`
 * narrowed per status): `@ApiErrors('already_voided')`, or with what the code means here,
 * `@ApiErrors({ forbidden: 'a rep voiding someone else’s activity' })`. The errors every route of
 * a kind answers (401/403 with a credential, 400 with input, 404 with an id, 413/415 with a body,
 * 503) are added by `documentErrors`, which merges its codes into these.
 */
export function ApiErrors(...errors: DocumentedError[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...[...byStatus(errors)].map(([status, entries]) =>
      ApiResponse({ status, ...errorResponse(entries) }),
    ),
  );
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;
const WITH_BODY = new Set<string>(['put', 'post', 'patch']);

/** The errors every operation of its kind can answer, from what the document says of it. */
function commonErrors(method: string, operation: OperationObject): ErrorCode[] {
  const codes: ErrorCode[] = [];
  const parameters = (operation.parameters ?? []).filter(
    (parameter): parameter is ParameterObject => 'in' in parameter,
  );
  if (operation.security?.length) codes.push('unauthenticated', 'session_ended', 'forbidden');
  if (operation.requestBody || parameters.some((parameter) => parameter.in === 'query'))
    codes.push('invalid_input');
  if (WITH_BODY.has(method))
    codes.push('malformed_body', 'payload_too_large', 'unsupported_encoding');
  if (parameters.some((parameter) => parameter.in === 'path')) codes.push('not_found');
  codes.push('unavailable');
  return codes;
}

/**
 * Completes the document's error responses, so that they stay true of routes added later:
 * - every operation lists the errors of its kind (`commonErrors`): 401 `unauthenticated` /
 *   `session_ended` and 403 `forbidden` where it needs a credential, 400 `invalid_input` where it
 *   takes a body or a query, 400 `malformed_body`, 413 and 415 where it takes a body, 404
 *   `not_found` where it names a record in its path, and 503 `unavailable` (the database);
 *   these are merged into what `@ApiErrors` declared for the route;
 * - every error response has the ApiError body with its `code` narrowed to what it can be (one
 *   declared without a body gets every code of its status); responses that declare a body of
 *   their own (health's 503 is its status report) keep it;
 * - every operation gets a `default` response (ApiError) for what it does not list (a 500).
 * - schemas are named for what they are: the `Dto` suffix of the server's classes is dropped.
 */
export function documentErrors(document: OpenAPIObject): OpenAPIObject {
  const content = { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorDto) } } };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const responses = operation.responses;
      for (const [status, entries] of byStatus(commonErrors(method, operation))) {
        const declared = responses[status];
        if (!declared) {
          responses[status] = errorResponse(entries);
          continue;
        }
        if ('$ref' in declared) continue;
        // Decorator metadata may be shared between routes (a class-level decorator): copy first.
        const own = (responses[status] = structuredClone(declared));
        const schema = own.content?.['application/json']?.schema;
        const enumOf = schema && 'allOf' in schema ? schema.allOf?.[1] : undefined;
        const codes = enumOf && 'properties' in enumOf ? enumOf.properties?.['code'] : undefined;
        if (!codes || !('enum' in codes) || !codes.enum) continue; // a body of its own
        for (const [code, meaning] of entries) {
          if (codes.enum.includes(code)) continue;
          codes.enum.push(code);
          own.description += `; \`${code}\`: ${meaning}`;
        }
      }
      for (const [status, response] of Object.entries(responses)) {
        if (!response || '$ref' in response || response.content) continue;
        if (status === 'default' || Number(status) < 400) continue;
        const codes = ERROR_CODES.filter((code) => ERROR_STATUS[code] === Number(status));
        response.content = {
          'application/json': {
            schema: codes.length ? errorSchema(codes) : { $ref: getSchemaPath(ApiErrorDto) },
          },
        };
      }
      responses['default'] ??= {
        description: 'Any other error, as ApiError with its `code`',
        content,
      };
    }
  }
  return nameSchemas(document);
}

/**
 * Drops the `Dto` suffix of schema names (`LeaderboardDto` → `Leaderboard`), so that a generated
 * client's types read like the contracts; a name already taken keeps its suffix.
 */
function nameSchemas(document: OpenAPIObject): OpenAPIObject {
  const schemas = document.components?.schemas ?? {};
  const renamed = new Map<string, string>();
  for (const name of Object.keys(schemas)) {
    const plain = name.replace(/Dto$/, '');
    if (plain !== name && !(plain in schemas)) renamed.set(name, plain);
  }
  const json = JSON.stringify(document, (key, value: unknown) =>
    key === '$ref' && typeof value === 'string'
      ? value.replace(/^#\/components\/schemas\/(.+)$/, (ref, name: string) => {
          const plain = renamed.get(name);
          return plain ? `#/components/schemas/${plain}` : ref;
        })
      : value,
  );
  const result = JSON.parse(json) as OpenAPIObject;
  result.components!.schemas = Object.fromEntries(
    Object.entries(result.components?.schemas ?? {}).map(([name, schema]) => [
      renamed.get(name) ?? name,
      schema,
    ]),
  );
  return result;
}
