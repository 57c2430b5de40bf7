import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { json, type Request } from 'express';
import { csvTextAside, csvTextOf } from '../common/csv-body';
import { verifyJsonShape } from '../common/body-shape';
import { InvalidInputError } from '../common/errors';
import type { ImportSource } from './user-import.service';

/** The route of the bulk import: the one body allowed past BODY_LIMIT. */
export const IMPORT_ROUTE = '/api/users/import';

/**
 * 10,000 rows with every field (a password each) are about 2 MB of JSON, more with long names
 * or escaped characters; the shape limits (10,000 items, 100,000 values) still hold.
 */
export const IMPORT_BODY_LIMIT = '8mb';

/**
 * Parsers for IMPORT_ROUTE only, mounted before the global JSON parser (which then leaves the
 * body be): JSON up to IMPORT_BODY_LIMIT, and CSV text, kept aside from `req.body` so that the
 * shape bound for every body (strings of at most 100,000 characters) still applies to the rest.
 */
export function importBodyParsers() {
  return [
    json({ limit: IMPORT_BODY_LIMIT, verify: verifyJsonShape }),
    ...csvTextAside(IMPORT_BODY_LIMIT),
  ];
}

/** The import's body: CSV text or the parsed JSON; anything else is a 400 saying what to send. */
export const ImportBody = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const req = context.switchToHttp().getRequest<Request>();
  const csv = csvTextOf(req);
  if (csv !== undefined) return { kind: 'csv', text: csv } satisfies ImportSource;
  if (!req.is('application/json'))
    throw new InvalidInputError(
      'Send the users as JSON ({"users": [...]}, Content-Type: application/json) or as a CSV file (Content-Type: text/csv).',
    );
  return { kind: 'json', body: req.body as unknown } satisfies ImportSource;
});
