import type { MappingRule } from '@arena/contracts';
import { Connection, type QueryResult } from 'jsforce';
import { AuthRejected, RateLimited, type PullPage, type Puller, type PullerCursor } from './puller';

/** The REST API version Arena reads. */
export const SALESFORCE_API_VERSION = '62.0';

/** The field every sObject carries its last change in (system changes included). */
const MODIFIED = 'SystemModstamp';

interface SalesforceError {
  errorCode?: string;
  name?: string;
  message?: string;
}

/**
 * Reads the sObjects a connection's rules name (`Task`, `Event`, `Opportunity`, …) through
 * jsforce: SOQL `queryAll` (deleted records included, so a deletion voids its activity) of the
 * fields the rules use plus `Owner.Email`, `SystemModstamp` at or after the cursor, oldest first,
 * paged by Salesforce's `nextRecordsUrl`. An expired session is renewed with the refresh token
 * (jsforce's OAuth2 flow; the new token is stored); Salesforce's `REQUEST_LIMIT_EXCEEDED` waits.
 */
export class SalesforcePuller implements Puller {
  private readonly connection: Connection;
  refreshedCredentials: Record<string, string> | null = null;

  constructor(
    private readonly credentials: Record<string, string>,
    loginUrl: string | undefined,
  ) {
    const { instanceUrl, accessToken, refreshToken, clientId, clientSecret } = credentials;
    this.connection = new Connection({
      instanceUrl,
      accessToken,
      version: SALESFORCE_API_VERSION,
      ...(refreshToken && clientId
        ? {
            refreshToken,
            oauth2: {
              clientId,
              clientSecret,
              loginUrl: loginUrl ?? 'https://login.salesforce.com',
            },
          }
        : {}),
    });
    this.connection.on('refresh', (token: string) => {
      this.credentials['accessToken'] = token;
      this.refreshedCredentials = { ...this.credentials };
    });
  }

  objects(mapping: MappingRule[]): string[] {
    return [...new Set(mapping.map((rule) => rule.object).filter((object) => object !== '*'))];
  }

  async page(object: string, cursor: PullerCursor, mapping: MappingRule[]): Promise<PullPage> {
    // jsforce's Query is a thenable: `then` makes it a promise of the page.
    const page = (): PromiseLike<unknown> =>
      cursor.after
        ? this.connection.queryMore(cursor.after)
        : this.connection.query(soqlFor(object, cursor.since, mapping), {
            scanAll: true,
            autoFetch: false,
          });
    const answer = await this.call(
      () => page().then((result) => result) as Promise<QueryResult<Record<string, unknown>>>,
    );
    const results = answer.records as Array<Record<string, unknown>>;
    const modifiedThrough = results.reduce((latest, record) => {
      const time = Date.parse(String(record[MODIFIED] ?? ''));
      return Number.isFinite(time) ? Math.max(latest, time) : latest;
    }, cursor.since);
    const next = answer.done ? null : (answer.nextRecordsUrl ?? null);
    return {
      body: { object, results },
      records: results.length,
      modifiedThrough,
      next: next ? { since: cursor.since, after: next } : null,
    };
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (caught) {
      const error = caught as SalesforceError;
      if (error.errorCode === 'REQUEST_LIMIT_EXCEEDED') throw new RateLimited(60);
      if (
        error.errorCode === 'INVALID_SESSION_ID' ||
        error.name === 'INVALID_SESSION_ID' ||
        /refresh token|invalid_grant|expired/i.test(error.message ?? '')
      )
        throw new AuthRejected(
          `Salesforce refused the session (${error.message ?? error.errorCode}): connect again with a new access or refresh token`,
        );
      throw new Error(
        `Salesforce answered ${error.errorCode ?? 'an error'}: ${error.message ?? 'unknown error'}`,
      );
    }
  }
}

/** The SOQL of one sObject's changes since `since`, with every field the rules read. */
export function soqlFor(object: string, since: number, mapping: MappingRule[]): string {
  const fields = new Set(['Id', MODIFIED, 'IsDeleted', 'OwnerId', 'Owner.Email']);
  for (const rule of mapping.filter((r) => r.object === object))
    for (const field of [
      rule.idField,
      rule.timeField,
      rule.quantityField,
      rule.ownerIdField,
      rule.ownerEmailField,
      rule.activityTypeField,
      ...(rule.where ?? []).map((condition) => condition.field),
    ])
      if (field && /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(field))
        fields.add(field);
  const at = new Date(since).toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(object)) throw new Error(`Not an sObject name: ${object}`);
  return `SELECT ${[...fields].join(', ')} FROM ${object} WHERE ${MODIFIED} >= ${at} ORDER BY ${MODIFIED} ASC, Id ASC`;
}
