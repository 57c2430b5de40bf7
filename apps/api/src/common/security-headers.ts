import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * Own scripts, styles, fonts and API only; `data:` images (QR codes); never framed; no referrer.
 * `'self'` in connect-src also covers the same-origin socket.io websocket (CSP level 3).
 */
function policy(styleSrc: string[]) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc,
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Arena runs on plain HTTP on a LAN as often as behind TLS: HSTS is the TLS proxy's call.
    strictTransportSecurity: false,
  });
}

/** The headers of the web app and the API (also set by the board reads' fast path). */
export const appPolicy = policy(["'self'"]);
/** Swagger UI writes inline <style> blocks and style attributes; its scripts are still files. */
const docsPolicy = policy(["'self'", "'unsafe-inline'"]);

/** helmet's headers on every response: the web app, the API and the docs. */
export function securityHeaders() {
  return (req: Request, res: Response, next: NextFunction) =>
    req.path === '/api/docs' || req.path.startsWith('/api/docs/')
      ? docsPolicy(req, res, next)
      : appPolicy(req, res, next);
}
