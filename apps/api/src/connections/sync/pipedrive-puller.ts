import type { MappingRule } from '@arena/contracts';
import { v1, v2 } from 'pipedrive';
import { AuthRejected, RateLimited, type PullPage, type Puller, type PullerCursor } from './puller';

/** Pipedrive API v2 answers at most 500 items a page. */
const PAGE = 500;

/**
 * What the client throws: Pipedrive's error body itself (`{ success, error, errorCode }`) for an
 * HTTP error answer, an axios error (with `response`) or a network error otherwise.
 */
interface PipedriveError {
  errorCode?: number;
  error?: string;
  response?: { status?: number; headers?: Record<string, string>; data?: { error?: string } };
  message?: string;
  code?: string;
}

/**
 * Reads Pipedrive's activities and deals through its official client (`pipedrive`, API v2):
 * `updated_since` the cursor, by `update_time` ascending, 500 a page, cursor paging. Deals come
 * whatever their status (a deleted deal is `status: deleted`: its activity is voided). Every
 * record carries its owner's email (`owner.email`, from the users list).
 */
export class PipedrivePuller implements Puller {
  private readonly activities: v2.ActivitiesApi;
  private readonly deals: v2.DealsApi;
  private readonly users: v1.UsersApi;
  private owners: Map<string, string> | null = null;
  refreshedCredentials: Record<string, string> | null = null;

  constructor(credentials: Record<string, string>, baseUrl: string | undefined) {
    const apiKey = credentials['apiToken'];
    this.activities = new v2.ActivitiesApi(
      new v2.Configuration({ apiKey, ...(baseUrl ? { basePath: `${baseUrl}/api/v2` } : {}) }),
    );
    this.deals = new v2.DealsApi(
      new v2.Configuration({ apiKey, ...(baseUrl ? { basePath: `${baseUrl}/api/v2` } : {}) }),
    );
    this.users = new v1.UsersApi(
      new v1.Configuration({ apiKey, ...(baseUrl ? { basePath: `${baseUrl}/v1` } : {}) }),
    );
  }

  objects(mapping: MappingRule[]): string[] {
    const objects = new Set(mapping.map((rule) => rule.object));
    return ['activity', 'deal'].filter((object) => objects.has(object));
  }

  async page(object: string, cursor: PullerCursor): Promise<PullPage> {
    const owners = await this.ownerEmails();
    const request = {
      updated_since: new Date(cursor.since).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      sort_by: 'update_time' as const,
      sort_direction: 'asc' as const,
      limit: PAGE,
      ...(cursor.after ? { cursor: cursor.after } : {}),
    };
    const answer = await this.call(() =>
      object === 'deal' ? this.deals.getDeals(request) : this.activities.getActivities(request),
    );
    const results = ((answer.data ?? []) as unknown as Array<Record<string, unknown>>).map(
      (item): Record<string, unknown> => {
        const ownerId = item['owner_id'] === undefined ? null : String(item['owner_id']);
        return {
          ...item,
          owner: ownerId ? { id: ownerId, email: owners.get(ownerId) ?? null } : null,
        };
      },
    );
    const modifiedThrough = results.reduce((latest, item) => {
      const time = Date.parse(String(item['update_time'] ?? ''));
      return Number.isFinite(time) ? Math.max(latest, time) : latest;
    }, cursor.since);
    const next = answer.additional_data?.next_cursor ?? null;
    return {
      body: { object, results },
      records: results.length,
      modifiedThrough,
      next: next ? { since: cursor.since, after: next } : null,
    };
  }

  private async ownerEmails(): Promise<Map<string, string>> {
    if (this.owners) return this.owners;
    const answer = await this.call(() => this.users.getUsers());
    const owners = new Map<string, string>();
    for (const user of (answer.data ?? []) as Array<{ id?: number; email?: string }>)
      if (user.id !== undefined && user.email) owners.set(String(user.id), user.email);
    this.owners = owners;
    return owners;
  }

  /** Pipedrive's answers mapped: 429 → RateLimited (Retry-After or its reset); 401 → AuthRejected. */
  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (caught) {
      const error = caught as PipedriveError;
      const status = error.response?.status ?? error.errorCode;
      // The client drops the headers of an error answer; Pipedrive's window is 2 seconds.
      const headers = error.response?.headers ?? {};
      if (status === 429) {
        const seconds = Number(headers['retry-after'] ?? headers['x-ratelimit-reset'] ?? 2);
        throw new RateLimited(Number.isFinite(seconds) && seconds > 0 ? seconds : 2);
      }
      const reason =
        error.error ??
        error.response?.data?.error ??
        error.message ??
        error.code ??
        'unknown error';
      if (status === 401)
        throw new AuthRejected(
          `Pipedrive refused the API token (${reason}): save a new one on this connection`,
        );
      throw new Error(`Pipedrive answered ${status ?? 'an error'}: ${reason}`);
    }
  }
}
