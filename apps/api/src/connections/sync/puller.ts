import type { MappingRule } from '@arena/contracts';

/** Where a pull connector is in one kind of record: modified since, and a page token within. */
export interface PullerCursor {
  /** Epoch milliseconds: records modified at or after this time are read. */
  since: number;
  /** The vendor's token for the next page of the same query, or null to start it. */
  after: string | null;
}

/** One page of records as the vendor answered it. */
export interface PullPage {
  /** Kept as the delivery's payload (and read back by `recordsOf` for its kind). */
  body: unknown;
  records: number;
  /** The latest modified time on the page (or the cursor's, when empty). */
  modifiedThrough: number;
  /** The cursor of the next page, or null when this query has no more. */
  next: PullerCursor | null;
}

/** A vendor's REST API, read page by page. */
export interface Puller {
  /** The record kinds the mapping reads, in order. */
  objects(mapping: MappingRule[]): string[];
  page(object: string, cursor: PullerCursor, mapping: MappingRule[]): Promise<PullPage>;
  /** New tokens after an OAuth refresh during the run; the caller stores them sealed. */
  refreshedCredentials: Record<string, string> | null;
}

/** The vendor said "too many requests": wait this long before the next call. */
export class RateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`rate-limited for ${retryAfterSeconds} s`);
  }
}

/** The credentials were refused (and could not be refreshed): the admin must act. */
export class AuthRejected extends Error {}
