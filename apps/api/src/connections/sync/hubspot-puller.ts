import { Client } from '@hubspot/api-client';
import type { MappingRule } from '@arena/contracts';
import { AuthRejected, RateLimited, type PullPage, type Puller, type PullerCursor } from './puller';

/** HubSpot's search answers at most 200 records a page and 10,000 per query. */
const PAGE = 200;
const QUERY_CAP = 10_000;

/** The property every CRM object carries its last change in. */
const MODIFIED = 'hs_lastmodifieddate';

interface HubSpotError {
  code?: number;
  headers?: Record<string, string>;
  body?: unknown;
  message?: string;
}

/**
 * Reads HubSpot's CRM objects a connection's rules name (`calls`, `meetings`, `deals`, …) through
 * the official client (`@hubspot/api-client`): the search endpoint, modified since the cursor,
 * oldest first, 200 a page; a query that reaches HubSpot's 10,000-result cap starts again from
 * the last modified time it saw. Each record carries its owner's email (`owner.email`, from the
 * owners API), so reps whose Arena email is their HubSpot email match by themselves.
 */
export class HubSpotPuller implements Puller {
  private client: Client;
  private owners: Map<string, string> | null = null;

  constructor(
    private readonly credentials: Record<string, string>,
    private readonly baseUrl: string | undefined,
  ) {
    this.client = this.newClient(credentials['accessToken']);
  }

  objects(mapping: MappingRule[]): string[] {
    return [...new Set(mapping.map((rule) => rule.object).filter((object) => object !== '*'))];
  }

  async page(object: string, cursor: PullerCursor, mapping: MappingRule[]): Promise<PullPage> {
    const owners = await this.ownerEmails();
    const properties = propertiesFor(object, mapping);
    const offset = Number(cursor.after ?? 0);
    const answer = await this.call(() =>
      this.client.crm.objects.searchApi.doSearch(object, {
        filterGroups: [
          {
            filters: [
              { propertyName: MODIFIED, operator: 'GTE' as never, value: String(cursor.since) },
            ],
          },
        ],
        // HubSpot takes sort objects; the generated type says strings.
        sorts: [{ propertyName: MODIFIED, direction: 'ASCENDING' }] as unknown as string[],
        properties,
        limit: PAGE,
        after: cursor.after ?? undefined,
      }),
    );
    const results = answer.results.map((result) => resultOf(result, owners));
    const lastModified = results.reduce(
      (latest, result) => Math.max(latest, Number(result.properties[MODIFIED] ?? 0) || 0),
      cursor.since,
    );
    const next = answer.paging?.next?.after;
    let nextCursor: PullerCursor | null;
    if (!next) nextCursor = null;
    else if (offset + 2 * PAGE > QUERY_CAP) nextCursor = { since: lastModified, after: null };
    else nextCursor = { since: cursor.since, after: next };
    return {
      body: { object, results },
      records: results.length,
      modifiedThrough: lastModified,
      next: nextCursor,
    };
  }

  /**
   * The records HubSpot's webhook events name (they carry ids only), read back through the batch
   * read API with the same properties and owners a sync reads; deleted ones come as archived.
   */
  async recordsFor(
    object: string,
    ids: string[],
    deleted: Set<string>,
    mapping: MappingRule[],
  ): Promise<unknown> {
    const owners = await this.ownerEmails();
    const alive = ids.filter((id) => !deleted.has(id));
    const answer = alive.length
      ? await this.call(() =>
          this.client.crm.objects.batchApi.read(object, {
            inputs: alive.map((id) => ({ id })),
            properties: propertiesFor(object, mapping),
            propertiesWithHistory: [],
          }),
        )
      : { results: [] };
    const results = [
      ...answer.results.map((result) => resultOf(result, owners)),
      ...[...deleted].map((id) => ({ id, properties: {}, archived: true, owner: null })),
    ];
    return { object, results };
  }

  /** HubSpot owner id → email, read once per puller (one sync run). */
  private async ownerEmails(): Promise<Map<string, string>> {
    if (this.owners) return this.owners;
    const owners = new Map<string, string>();
    let after: string | undefined;
    do {
      const page = await this.call(() =>
        this.client.crm.owners.ownersApi.getPage(undefined, after, 500, false),
      );
      for (const owner of page.results) if (owner.email) owners.set(owner.id, owner.email);
      after = page.paging?.next?.after;
    } while (after);
    this.owners = owners;
    return owners;
  }

  /**
   * One API call, with HubSpot's answers mapped: 429 → RateLimited (its Retry-After, or a
   * second); 401 → one refresh of an OAuth token when the connection has a refresh token, then
   * AuthRejected.
   */
  private async call<T>(request: () => Promise<T>, refreshed = false): Promise<T> {
    try {
      return await request();
    } catch (caught) {
      const error = caught as HubSpotError;
      if (error.code === 429) {
        const seconds = Number(error.headers?.['retry-after'] ?? 1);
        throw new RateLimited(Number.isFinite(seconds) && seconds > 0 ? seconds : 1);
      }
      if (error.code === 401) {
        if (!refreshed && this.canRefresh()) {
          await this.refresh();
          return this.call(request, true);
        }
        throw new AuthRejected(
          `HubSpot refused the access token (${messageOf(error)}): connect again with a new token`,
        );
      }
      throw new Error(`HubSpot answered ${error.code ?? 'an error'}: ${messageOf(error)}`);
    }
  }

  private canRefresh(): boolean {
    const { refreshToken, clientId, clientSecret } = this.credentials;
    return !!(refreshToken && clientId && clientSecret);
  }

  /** Trades the refresh token for a new access token (HubSpot's OAuth token endpoint). */
  private async refresh(): Promise<void> {
    const { refreshToken, clientId, clientSecret } = this.credentials;
    const tokens = await this.newClient(undefined).oauth.tokensApi.create(
      'refresh_token',
      undefined,
      undefined,
      clientId,
      clientSecret,
      refreshToken,
    );
    this.credentials['accessToken'] = tokens.accessToken;
    if (tokens.refreshToken) this.credentials['refreshToken'] = tokens.refreshToken;
    this.refreshedCredentials = { ...this.credentials };
    this.client = this.newClient(tokens.accessToken);
  }

  /** Set when a refresh replaced the tokens: the caller stores them (sealed). */
  refreshedCredentials: Record<string, string> | null = null;

  private newClient(accessToken: string | undefined): Client {
    return new Client({
      accessToken,
      numberOfApiCallRetries: 0,
      ...(this.baseUrl ? { basePath: this.baseUrl } : {}),
    });
  }
}

/** The properties the rules for `object` read (and the modified time), for search and reads. */
function propertiesFor(object: string, mapping: MappingRule[]): string[] {
  return [
    ...new Set([
      MODIFIED,
      'hubspot_owner_id',
      ...mapping
        .filter((rule) => rule.object === object)
        .flatMap((rule) => [
          rule.timeField,
          rule.quantityField,
          rule.ownerIdField,
          ...(rule.where ?? []).map((condition) => condition.field),
        ])
        .filter((field): field is string => !!field && field.startsWith('properties.'))
        .map((field) => field.slice('properties.'.length)),
    ]),
  ];
}

/** A CRM object as a delivery keeps it: its properties, times and owner (with their email). */
function resultOf(
  result: {
    id: string;
    properties: Record<string, string | null>;
    createdAt?: unknown;
    updatedAt?: unknown;
    archived?: boolean;
  },
  owners: Map<string, string>,
) {
  const ownerId = result.properties['hubspot_owner_id'] ?? null;
  return {
    id: result.id,
    properties: result.properties,
    createdAt: toIso(result.createdAt),
    updatedAt: toIso(result.updatedAt),
    archived: result.archived ?? false,
    owner: ownerId ? { id: ownerId, email: owners.get(ownerId) ?? null } : null,
  };
}

const toIso = (value: unknown) =>
  value instanceof Date ? value.toISOString() : value === undefined ? null : String(value);

function messageOf(error: HubSpotError): string {
  const body = error.body as { message?: unknown } | string | undefined;
  if (body && typeof body === 'object' && typeof body.message === 'string') return body.message;
  if (typeof body === 'string') {
    try {
      const parsed = JSON.parse(body) as { message?: unknown };
      if (typeof parsed.message === 'string') return parsed.message;
    } catch {
      // Not JSON: the text itself.
    }
    return body.slice(0, 200);
  }
  return error.message ?? 'unknown error';
}
