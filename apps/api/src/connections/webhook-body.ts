import { json, type Request } from 'express';
import { csvTextAside } from '../common/csv-body';
import { verifyJsonShape } from '../common/body-shape';

/** Webhook routes: their bodies are kept as received, since signatures cover the raw bytes. */
export const WEBHOOK_ROUTE = '/api/hooks';

const RAW = Symbol('raw webhook body');
type WithRaw = Request & { [RAW]?: Buffer };

/** The JSON parser of WEBHOOK_ROUTE, mounted before the global one (which then leaves it be). */
export function webhookBodyParser() {
  return json({
    limit: '5mb',
    verify: (req, res, buffer) => {
      (req as WithRaw)[RAW] = buffer;
      verifyJsonShape(req, res, buffer);
    },
  });
}

/** The body as received; an empty JSON request has an empty one; not JSON: undefined. */
export function rawBodyOf(req: Request): Buffer | undefined {
  return (req as WithRaw)[RAW] ?? (req.is('application/json') ? Buffer.alloc(0) : undefined);
}

/** Connections' routes take CSV files (activity imports) of up to this size. */
export const CONNECTIONS_ROUTE = '/api/connections';
export const CSV_IMPORT_LIMIT = '40mb';

/** CSV text for connection imports (read with `csvTextOf`); JSON goes to the global parser. */
export function csvImportParser() {
  return csvTextAside(CSV_IMPORT_LIMIT);
}
