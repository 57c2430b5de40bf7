import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { closeServer, listenLocally, readBody } from './fake-server';

/** A CRM object as HubSpot keeps it: string properties, and its last change. */
export interface FakeHubSpotRecord {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface FakeHubSpotOwner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userId: number;
}

/**
 * A local stand-in for HubSpot's REST API, answering as HubSpot documents it (CRM v3): the
 * search endpoint `POST /crm/v3/objects/{type}/search` (filters on `hs_lastmodifieddate` GTE,
 * ascending sort, `limit` ≤ 200, `after` paging, 10,000 results per query), the owners list
 * `GET /crm/v3/owners`, and the OAuth token endpoint `POST /oauth/v1/token` (refresh). It can
 * answer the next calls with HubSpot's 429 (`RATE_LIMIT`, with `Retry-After`) or refuse an access
 * token as expired (401 `EXPIRED_AUTHENTICATION`), and counts calls per path.
 */
export class FakeHubSpot {
  readonly objects = new Map<string, Map<string, FakeHubSpotRecord>>();
  readonly owners: FakeHubSpotOwner[] = [];
  readonly calls: string[] = [];
  /** Access tokens HubSpot accepts now. */
  readonly validTokens = new Set<string>();
  /** refresh token → (client id, secret) it belongs to. */
  readonly refreshTokens = new Map<string, { clientId: string; clientSecret: string }>();
  private rateLimitsLeft = 0;
  /** Searches answered before the fake fails `failures` of them with 502 (a vendor outage). */
  private searchesLeft = Infinity;
  private failures = 0;
  private failingToken: string | null = null;
  private retryAfterSeconds = 1;
  private clock = Date.parse('2026-11-01T00:00:00Z');
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    ({ server: this.server, url: this.url } = await listenLocally(
      (req, res) => void this.handle(req, res),
    ));
    return this;
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }

  /** Creates or changes a record; its `hs_lastmodifieddate` moves on, as HubSpot's does. */
  put(type: string, id: string, properties: Record<string, string | null>, modifiedAt?: number) {
    const records = this.objects.get(type) ?? new Map<string, FakeHubSpotRecord>();
    this.objects.set(type, records);
    // Each change moves the clock on, as HubSpot's would; an explicit time is taken as given.
    const modified = modifiedAt ?? (this.clock = Math.max(this.clock + 1, Date.now()));
    const at = new Date(modified).toISOString();
    const current = records.get(id);
    const record: FakeHubSpotRecord = {
      id,
      properties: {
        ...(current?.properties ?? {}),
        ...properties,
        hs_object_id: id,
        hs_createdate: current?.properties['hs_createdate'] ?? at,
        hs_lastmodifieddate: String(modified),
      },
      createdAt: current?.createdAt ?? at,
      updatedAt: at,
      archived: false,
    };
    records.set(id, record);
    return record;
  }

  /** After `count` more searches with `token`, the next `failures` answer 502; then it recovers. */
  failSearchesAfter(token: string, count: number, failures = 1): void {
    this.failingToken = token;
    this.searchesLeft = count;
    this.failures = failures;
  }

  /** Ends a failure started by `failSearchesAfter`. */
  recover(): void {
    this.failures = 0;
  }

  /** The next `count` API calls answer 429 with `Retry-After: seconds`. */
  rateLimit(count: number, seconds = 1): void {
    this.rateLimitsLeft = count;
    this.retryAfterSeconds = seconds;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    // HubSpot answers a path with or without its trailing slash alike.
    url.pathname = url.pathname.replace(/(.)\/$/, '$1');
    const body = await readBody(req);
    const after =
      req.method === 'POST' && body.startsWith('{')
        ? (JSON.parse(body) as { after?: string }).after
        : undefined;
    const call = `${req.method} ${url.pathname}${after ? ` after=${after}` : ''}`;
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json;charset=utf-8', ...headers });
      res.end(JSON.stringify(payload));
    };
    const error = (status: number, extra: Record<string, unknown>) =>
      send(status, { status: 'error', correlationId: randomUUID(), ...extra });

    if (req.method === 'POST' && url.pathname === '/oauth/v1/token') {
      this.calls.push(call);
      const form = new URLSearchParams(body);
      const owner = this.refreshTokens.get(form.get('refresh_token') ?? '');
      if (
        form.get('grant_type') !== 'refresh_token' ||
        !owner ||
        owner.clientId !== form.get('client_id') ||
        owner.clientSecret !== form.get('client_secret')
      )
        return error(400, {
          message: 'missing or invalid refresh token',
          category: 'BAD_REFRESH_TOKEN',
        });
      const accessToken = `access-${randomUUID()}`;
      this.validTokens.add(accessToken);
      return send(200, {
        token_type: 'bearer',
        refresh_token: form.get('refresh_token'),
        access_token: accessToken,
        expires_in: 1800,
      });
    }

    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.validTokens.has(token))
      return error(401, {
        message: 'The OAuth token used to make this call expired 2 minute(s) ago.',
        category: 'EXPIRED_AUTHENTICATION',
      });
    // Counted once authorised: a caller with another account's token is not this account's.
    this.calls.push(call);
    if (this.rateLimitsLeft > 0) {
      this.rateLimitsLeft -= 1;
      res.setHeader('Retry-After', String(this.retryAfterSeconds));
      return error(429, {
        message: 'You have reached your secondly limit.',
        errorType: 'RATE_LIMIT',
        policyName: 'SECONDLY',
        groupName: 'publicapi',
      });
    }

    if (req.method === 'GET' && url.pathname === '/crm/v3/owners') {
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 100), 500);
      const offset = Number(url.searchParams.get('after') ?? 0);
      const page = this.owners.slice(offset, offset + limit).map((owner) => ({
        ...owner,
        type: 'PERSON',
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z',
        archived: false,
      }));
      const next = offset + limit < this.owners.length ? String(offset + limit) : null;
      return send(200, {
        results: page,
        ...(next
          ? { paging: { next: { after: next, link: `${this.url}/crm/v3/owners?after=${next}` } } }
          : {}),
      });
    }

    const batchRead = /^\/crm\/v3\/objects\/([^/]+)\/batch\/read$/.exec(url.pathname);
    if (req.method === 'POST' && batchRead) {
      const request = JSON.parse(body || '{}') as {
        inputs?: Array<{ id: string }>;
        properties?: string[];
      };
      const wanted = new Set([
        'hs_object_id',
        'hs_createdate',
        'hs_lastmodifieddate',
        ...(request.properties ?? []),
      ]);
      const found = (request.inputs ?? [])
        .map((input) => this.objects.get(batchRead[1])?.get(input.id))
        .filter((record): record is FakeHubSpotRecord => !!record);
      const at = new Date().toISOString();
      return send(200, {
        status: 'COMPLETE',
        results: found.map((record) => ({
          ...record,
          properties: Object.fromEntries(
            Object.entries(record.properties).filter(([key]) => wanted.has(key)),
          ),
        })),
        startedAt: at,
        completedAt: at,
      });
    }

    const search = /^\/crm\/v3\/objects\/([^/]+)\/search$/.exec(url.pathname);
    if (req.method === 'POST' && search) {
      if (token === this.failingToken) {
        if (this.searchesLeft <= 0 && this.failures > 0) {
          this.failures -= 1;
          return error(502, { message: 'Bad gateway', category: 'INTERNAL_ERROR' });
        }
        this.searchesLeft -= 1;
      }
      const request = JSON.parse(body || '{}') as {
        filterGroups?: Array<{
          filters: Array<{ propertyName: string; operator: string; value?: string }>;
        }>;
        properties?: string[];
        limit?: number;
        after?: string;
      };
      const limit = request.limit ?? 10;
      if (limit > 200)
        return error(400, { message: 'limit must be at most 200', category: 'VALIDATION_ERROR' });
      const offset = Number(request.after ?? 0);
      if (offset + limit > 10_000)
        return error(400, {
          message: 'There was a problem with the request.',
          category: 'VALIDATION_ERROR',
          context: { after: ['after must be less than 10000'] },
        });
      const filters = request.filterGroups?.[0]?.filters ?? [];
      const matching = [...(this.objects.get(search[1])?.values() ?? [])]
        .filter((record) =>
          filters.every((filter) =>
            filter.operator === 'GTE'
              ? Number(record.properties[filter.propertyName]) >= Number(filter.value)
              : true,
          ),
        )
        .sort(
          (a, b) =>
            Number(a.properties['hs_lastmodifieddate']) -
              Number(b.properties['hs_lastmodifieddate']) || Number(a.id) - Number(b.id),
        );
      const wanted = new Set([
        'hs_object_id',
        'hs_createdate',
        'hs_lastmodifieddate',
        ...(request.properties ?? []),
      ]);
      const results = matching.slice(offset, offset + limit).map((record) => ({
        ...record,
        properties: Object.fromEntries(
          Object.entries(record.properties).filter(([key]) => wanted.has(key)),
        ),
      }));
      const next = offset + limit < matching.length ? String(offset + limit) : null;
      return send(200, {
        total: matching.length,
        results,
        ...(next ? { paging: { next: { after: next, link: '' } } } : {}),
      });
    }
    return error(404, {
      message: `Unknown route ${req.method} ${url.pathname}`,
      category: 'OBJECT_NOT_FOUND',
    });
  }
}
