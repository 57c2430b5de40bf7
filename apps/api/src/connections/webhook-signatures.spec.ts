import { createHmac } from 'node:crypto';
import {
  arenaSignature,
  hubspotUri,
  verifyWebhook,
  type IncomingWebhook,
} from './webhook-signatures';

const now = Date.parse('2026-12-04T12:00:00Z');
const body = Buffer.from('[{"objectId":123,"subscriptionType":"deal.propertyChange"}]');

function hubspotRequest(secret: string, timestamp: number, url: string): IncomingWebhook {
  // As HubSpot's guide computes it, independently of the code under test.
  const signature = createHmac('sha256', secret)
    .update(`POST${url.replace('%3A', ':')}${body.toString()}${timestamp}`)
    .digest('base64');
  return {
    method: 'POST',
    url,
    rawBody: body,
    now,
    headers: {
      'x-hubspot-signature-v3': signature,
      'x-hubspot-request-timestamp': String(timestamp),
    },
  };
}

describe('webhook signatures', () => {
  it("checks HubSpot's v3 signature, its decoded URI and its 5-minute window", () => {
    const url = 'https://arena.example.com/api/hooks/abc?portal%3A1';
    expect(hubspotUri(url)).toBe('https://arena.example.com/api/hooks/abc?portal:1');
    const credentials = { clientSecret: 'client-secret' };
    expect(
      verifyWebhook('hubspot', credentials, hubspotRequest('client-secret', now - 1000, url)),
    ).toEqual({ ok: true });
    expect(
      verifyWebhook('hubspot', credentials, hubspotRequest('other', now - 1000, url)),
    ).toMatchObject({ ok: false });
    expect(
      verifyWebhook(
        'hubspot',
        credentials,
        hubspotRequest('client-secret', now - 5 * 60_000 - 1, url),
      ),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/5 minutes/) });
    const tampered = { ...hubspotRequest('client-secret', now, url), rawBody: Buffer.from('[]') };
    expect(verifyWebhook('hubspot', credentials, tampered)).toMatchObject({ ok: false });
  });

  it("checks Pipedrive's HTTP auth", () => {
    const credentials = { webhookUser: 'arena', webhookPassword: 's3cret' };
    const withAuth = (user: string, password: string): IncomingWebhook => ({
      method: 'POST',
      url: 'http://x/api/hooks/t',
      rawBody: body,
      now,
      headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
    });
    expect(verifyWebhook('pipedrive', credentials, withAuth('arena', 's3cret'))).toEqual({
      ok: true,
    });
    expect(verifyWebhook('pipedrive', credentials, withAuth('arena', 'nope'))).toMatchObject({
      ok: false,
    });
    expect(
      verifyWebhook('pipedrive', credentials, { ...withAuth('a', 'b'), headers: {} }),
    ).toMatchObject({ ok: false });
  });

  it("checks Arena's HMAC over timestamp and raw body (generic and Salesforce)", () => {
    const seconds = String(Math.floor(now / 1000));
    const signed = (secret: string, timestamp = seconds): IncomingWebhook => ({
      method: 'POST',
      url: 'http://x/api/hooks/t',
      rawBody: body,
      now,
      headers: {
        'x-arena-timestamp': timestamp,
        'x-arena-signature': `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body.toString()}`).digest('hex')}`,
      },
    });
    expect(arenaSignature('k', seconds, body)).toBe(
      createHmac('sha256', 'k').update(`${seconds}.${body.toString()}`).digest('hex'),
    );
    for (const kind of ['webhook', 'salesforce'] as const) {
      expect(verifyWebhook(kind, { signingSecret: 'k' }, signed('k'))).toEqual({ ok: true });
      expect(verifyWebhook(kind, { signingSecret: 'k' }, signed('j'))).toMatchObject({ ok: false });
      expect(
        verifyWebhook(kind, { signingSecret: 'k' }, signed('k', String(Number(seconds) - 301))),
      ).toMatchObject({ ok: false });
      expect(verifyWebhook(kind, {}, signed('k'))).toMatchObject({ ok: false });
    }
  });
});
