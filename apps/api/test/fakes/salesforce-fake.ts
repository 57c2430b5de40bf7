import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { closeServer, listenLocally, readBody } from './fake-server';

type SObject = Record<string, unknown> & { Id: string; SystemModstamp: string; IsDeleted: boolean };

/**
 * A local stand-in for Salesforce's REST API as documented: `GET /services/data/vXX.X/query` and
 * `/queryAll` (deleted records too) with SOQL `SELECT … FROM <sObject> WHERE SystemModstamp >= …
 * ORDER BY SystemModstamp ASC, Id ASC`, pages of `pageSize` with `nextRecordsUrl`, relationship
 * fields (`Owner.Email`), `INVALID_SESSION_ID` for an expired session, and the OAuth token
 * endpoint `POST /services/oauth2/token` (refresh_token grant).
 */
export class FakeSalesforce {
  readonly objects = new Map<string, Map<string, SObject>>();
  readonly users = new Map<string, string>();
  readonly calls: string[] = [];
  readonly validTokens = new Set<string>();
  readonly refreshTokens = new Map<string, { clientId: string; clientSecret: string }>();
  pageSize = 2000;
  private readonly cursors = new Map<
    string,
    { rows: SObject[]; fields: string[]; offset: number }
  >();
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

  /** Creates or changes a record; `SystemModstamp` moves on (Salesforce's own format). */
  put(type: string, id: string, fields: Record<string, unknown>): SObject {
    const records = this.objects.get(type) ?? new Map<string, SObject>();
    this.objects.set(type, records);
    this.clock = Math.max(this.clock + 1000, Math.floor(Date.now() / 1000) * 1000);
    const stamp = new Date(this.clock).toISOString().replace('Z', '+0000');
    const record = {
      IsDeleted: false,
      ...(records.get(id) ?? {}),
      ...fields,
      __type: type,
      Id: id,
      SystemModstamp: stamp,
    } as SObject;
    records.set(id, record);
    return record;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const body = await readBody(req);
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8' });
      res.end(JSON.stringify(payload));
    };
    if (req.method === 'POST' && url.pathname === '/services/oauth2/token') {
      this.calls.push('POST /services/oauth2/token');
      const form = new URLSearchParams(body);
      const owner = this.refreshTokens.get(form.get('refresh_token') ?? '');
      if (
        form.get('grant_type') !== 'refresh_token' ||
        !owner ||
        owner.clientId !== form.get('client_id') ||
        owner.clientSecret !== form.get('client_secret')
      )
        return send(400, {
          error: 'invalid_grant',
          error_description: 'expired access/refresh token',
        });
      const token = `00D!${randomUUID()}`;
      this.validTokens.add(token);
      return send(200, {
        access_token: token,
        instance_url: this.url,
        id: `${this.url}/id/00D000000000001EAA/005000000000001AAA`,
        token_type: 'Bearer',
        issued_at: String(Date.now()),
        signature: 'fake',
      });
    }
    const token = /^(?:Bearer|OAuth) (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.validTokens.has(token))
      return send(401, [
        { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
      ]);
    this.calls.push(`${req.method} ${url.pathname}`);

    const more = /^\/services\/data\/v[\d.]+\/query\/([\w-]+)$/.exec(url.pathname);
    if (req.method === 'GET' && more) {
      const cursor = this.cursors.get(more[1]);
      if (!cursor)
        return send(400, [
          { message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' },
        ]);
      this.cursors.delete(more[1]);
      return send(200, this.page(more[1].split('-')[0], cursor));
    }
    const query = /^\/services\/data\/v[\d.]+\/(query|queryAll)$/.exec(url.pathname);
    if (req.method === 'GET' && query) {
      const soql = url.searchParams.get('q') ?? '';
      const parsed =
        /^SELECT (.+) FROM (\w+) WHERE SystemModstamp >= (\S+) ORDER BY SystemModstamp ASC, Id ASC$/.exec(
          soql,
        );
      if (!parsed)
        return send(400, [{ message: `unexpected SOQL: ${soql}`, errorCode: 'MALFORMED_QUERY' }]);
      const [, select, type, since] = parsed;
      const rows = [...(this.objects.get(type)?.values() ?? [])]
        .filter((row) => query[1] === 'queryAll' || !row.IsDeleted)
        .filter((row) => Date.parse(row.SystemModstamp.replace('+0000', 'Z')) >= Date.parse(since))
        .sort(
          (a, b) => a.SystemModstamp.localeCompare(b.SystemModstamp) || a.Id.localeCompare(b.Id),
        );
      const locator = `01g${randomUUID().replace(/-/g, '').slice(0, 15)}`;
      const cursor = { rows, fields: select.split(',').map((field) => field.trim()), offset: 0 };
      return send(200, this.page(locator, cursor));
    }
    send(404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
  }

  private page(locator: string, cursor: { rows: SObject[]; fields: string[]; offset: number }) {
    const slice = cursor.rows.slice(cursor.offset, cursor.offset + this.pageSize);
    cursor.offset += slice.length;
    const done = cursor.offset >= cursor.rows.length;
    const next = `${locator}-${cursor.offset}`;
    if (!done) this.cursors.set(next, cursor);
    const records = slice.map((row) => {
      const type = String((row as { __type?: string }).__type ?? 'SObject');
      const out: Record<string, unknown> = {
        attributes: { type, url: `/services/data/v62.0/sobjects/${type}/${row.Id}` },
      };
      for (const field of cursor.fields) {
        if (field === 'Owner.Email') {
          const ownerId = String(row['OwnerId'] ?? '');
          out['Owner'] = ownerId
            ? {
                attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${ownerId}` },
                Email: this.users.get(ownerId) ?? null,
              }
            : null;
        } else out[field] = row[field] ?? null;
      }
      return out;
    });
    return {
      totalSize: cursor.rows.length,
      done,
      records,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v62.0/query/${next}` }),
    };
  }
}
