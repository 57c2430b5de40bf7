import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ConnectionKind } from '@arena/contracts';

/** A signed request older (or further in the future) than this is refused: a replay. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60 * 1000;

/** What a webhook's sender proof is checked against. */
export interface IncomingWebhook {
  method: string;
  /** The URL as the sender called it (`https://host/api/hooks/…?query`). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  now: number;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

const header = (webhook: IncomingWebhook, name: string): string | undefined => {
  const value = webhook.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

const fresh = (timestampMs: number, now: number) =>
  Number.isFinite(timestampMs) && Math.abs(now - timestampMs) <= SIGNATURE_TOLERANCE_MS;

/**
 * HubSpot decodes these escapes in the URI before signing (its "Validating requests" guide, v3):
 * the rest of the URI is signed as sent.
 */
const HUBSPOT_DECODED: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

export function hubspotUri(url: string): string {
  return url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (match) => {
    return HUBSPOT_DECODED[match.toUpperCase()];
  });
}

/** HubSpot v3: base64 HMAC-SHA256 (client secret) of method + URI + body + timestamp (ms). */
export function hubspotSignature(
  clientSecret: string,
  method: string,
  url: string,
  body: string,
  timestamp: string,
): string {
  return createHmac('sha256', clientSecret)
    .update(`${method}${hubspotUri(url)}${body}${timestamp}`, 'utf8')
    .digest('base64');
}

/** Arena's own scheme (generic webhooks, Salesforce callouts): hex HMAC-SHA256 of `t.body`. */
export function arenaSignature(secret: string, timestamp: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/**
 * Whether the request comes from the connection's sender, as each vendor proves it:
 * - `hubspot`: `X-HubSpot-Signature-v3` with `X-HubSpot-Request-Timestamp` (milliseconds);
 * - `pipedrive`: the webhook's HTTP auth (Basic) user and password;
 * - `salesforce`, `webhook`: `X-Arena-Signature: sha256=<hex>` over `X-Arena-Timestamp` (seconds)
 *   + "." + the raw body.
 * Signed requests older or newer than 5 minutes are refused.
 */
export function verifyWebhook(
  kind: ConnectionKind,
  credentials: Record<string, string>,
  webhook: IncomingWebhook,
): Verdict {
  switch (kind) {
    case 'hubspot': {
      const secret = credentials['clientSecret'];
      if (!secret)
        return { ok: false, reason: 'the connection has no client secret to check with' };
      const signature = header(webhook, 'x-hubspot-signature-v3');
      const timestamp = header(webhook, 'x-hubspot-request-timestamp');
      if (!signature || !timestamp)
        return {
          ok: false,
          reason: 'X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp are required',
        };
      if (!/^\d+$/.test(timestamp) || !fresh(Number(timestamp), webhook.now))
        return {
          ok: false,
          reason: 'the request timestamp is more than 5 minutes away (a replay?)',
        };
      const expected = hubspotSignature(
        secret,
        webhook.method,
        webhook.url,
        webhook.rawBody.toString('utf8'),
        timestamp,
      );
      return sameText(signature, expected)
        ? { ok: true }
        : { ok: false, reason: 'the HubSpot signature does not match' };
    }
    case 'pipedrive': {
      const user = credentials['webhookUser'];
      const password = credentials['webhookPassword'];
      if (!user || !password)
        return { ok: false, reason: 'the connection has no webhook user and password' };
      const auth = header(webhook, 'authorization');
      const match = auth ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(auth) : null;
      if (!match) return { ok: false, reason: 'HTTP Basic auth is required' };
      const given = Buffer.from(match[1], 'base64').toString('utf8');
      return sameText(given, `${user}:${password}`)
        ? { ok: true }
        : { ok: false, reason: 'the webhook user or password is wrong' };
    }
    case 'salesforce':
    case 'webhook': {
      const secret = credentials['signingSecret'];
      if (!secret) return { ok: false, reason: 'the connection has no signing secret' };
      const signature = header(webhook, 'x-arena-signature');
      const timestamp = header(webhook, 'x-arena-timestamp');
      if (!signature || !timestamp)
        return { ok: false, reason: 'X-Arena-Signature and X-Arena-Timestamp are required' };
      if (!/^\d+$/.test(timestamp) || !fresh(Number(timestamp) * 1000, webhook.now))
        return { ok: false, reason: 'X-Arena-Timestamp is more than 5 minutes away (a replay?)' };
      const expected = `sha256=${arenaSignature(secret, timestamp, webhook.rawBody)}`;
      return sameText(signature.toLowerCase(), expected)
        ? { ok: true }
        : { ok: false, reason: 'the signature does not match' };
    }
    default:
      return { ok: false, reason: `${kind} connections take no webhooks` };
  }
}
