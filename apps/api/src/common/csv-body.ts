import { text, type NextFunction, type Request, type RequestHandler, type Response } from 'express';

const CSV_TYPES = ['text/csv', 'application/csv'];
const CSV = Symbol('csv body');

type WithCsv = Request & { [CSV]?: string };

/**
 * A CSV body of up to `limit`, kept aside from `req.body` (read it with `csvTextOf`), so that the
 * bound every body's strings keep (100,000 characters) still holds for the rest; other bodies are
 * left to the parsers after it.
 */
export function csvTextAside(limit: string): RequestHandler[] {
  return [
    text({ type: CSV_TYPES, limit }),
    (req: Request, _res: Response, next: NextFunction) => {
      if (typeof req.body === 'string') {
        (req as WithCsv)[CSV] = req.body;
        req.body = undefined;
      }
      next();
    },
  ];
}

/** The CSV text `csvTextAside` kept, or undefined when the request sent none. */
export function csvTextOf(req: Request): string | undefined {
  return (req as WithCsv)[CSV];
}
