import type { NextFunction, Request, Response } from 'express';
import { UnsupportedMediaTypeError } from './errors';

/** What body-parser inflates; the body limit applies to the inflated size (a zip bomb is a 413). */
const SUPPORTED = new Set(['identity', 'gzip', 'deflate', 'br']);

/**
 * CRMs send gzip, deflate or br bodies: those are inflated by the JSON parser. Anything else gets
 * a 415 that says what is accepted, before a byte of the body is read. `x-gzip` is gzip's old name
 * (RFC 9110 §8.4.1.3).
 */
export function acceptContentEncoding() {
  return (req: Request, _res: Response, next: NextFunction) => {
    const raw = req.headers['content-encoding'];
    if (raw === undefined) return next();
    const encoding = raw.trim().toLowerCase();
    if (encoding === 'x-gzip') req.headers['content-encoding'] = 'gzip';
    else if (!SUPPORTED.has(encoding))
      return next(
        new UnsupportedMediaTypeError(
          `Content-Encoding "${raw}" is not supported: send the body as gzip, deflate or br, or uncompressed.`,
        ),
      );
    else req.headers['content-encoding'] = encoding;
    next();
  };
}
