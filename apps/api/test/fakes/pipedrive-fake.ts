import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { closeServer, listenLocally } from './fake-server';

export type FakePipedriveItem = Record<string, unknown> & { id: number; update_time: string };

/**
 * A local stand-in for Pipedrive's REST API as it documents it: API v2 lists
 * `GET /api/v2/activities` and `GET /api/v2/deals` (`updated_since` inclusive, `sort_by=update_time`,
 * `limit` ≤ 500, cursor paging in `additional_data.next_cursor`; deleted deals are left out unless
 * asked for), the v1 users list `GET /v1/users`, the `x-api-token` header, its 401 and 429
 * answers (`x-ratelimit-*` headers).
 */
export class FakePipedrive {
  readonly items = {
    activities: new Map<number, FakePipedriveItem>(),
    deals: new Map<number, FakePipedriveItem>(),
  };
  readonly users: Array<{ id: number; name: string; email: string; active_flag: boolean }> = [];
  readonly calls: string[] = [];
  readonly validTokens = new Set<string>();
  private rateLimitsLeft = 0;
  private clock = Date.parse('2026-11-01T00:00:00Z');
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    ({ server: this.server, url: this.url } = await listenLocally((req, res) =>
      this.handle(req, res),
    ));
    return this;
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }

  /** Creates or changes an activity or deal; its `update_time` moves on (whole seconds, UTC). */
  put(kind: 'activities' | 'deals', id: number, fields: Record<string, unknown>) {
    this.clock = Math.max(this.clock + 1000, Math.floor(Date.now() / 1000) * 1000);
    const update_time = new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const current = this.items[kind].get(id);
    const item = { ...(current ?? { add_time: update_time }), ...fields, id, update_time };
    this.items[kind].set(id, item);
    return item;
  }

  rateLimit(count: number): void {
    this.rateLimitsLeft = count;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    const token = req.headers['x-api-token'] ?? url.searchParams.get('api_token');
    if (typeof token !== 'string' || !this.validTokens.has(token))
      return send(401, {
        success: false,
        error: 'unauthorized access',
        errorCode: 401,
        error_info: 'Please check developers.pipedrive.com',
      });
    this.calls.push(
      `${req.method} ${url.pathname}${url.searchParams.get('cursor') ? ` cursor=${url.searchParams.get('cursor')}` : ''}`,
    );
    if (this.rateLimitsLeft > 0) {
      this.rateLimitsLeft -= 1;
      return send(
        429,
        { success: false, error: 'Rate limit has been exceeded', errorCode: 429 },
        { 'x-ratelimit-limit': '80', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' },
      );
    }
    if (req.method === 'GET' && url.pathname === '/v1/users')
      return send(200, { success: true, data: this.users });
    const list = /^\/api\/v2\/(activities|deals)$/.exec(url.pathname);
    if (req.method === 'GET' && list) {
      const kind = list[1] as 'activities' | 'deals';
      const limit = Number(url.searchParams.get('limit') ?? 100);
      if (limit > 500)
        return send(400, { success: false, error: 'limit must be at most 500', errorCode: 400 });
      const since = url.searchParams.get('updated_since');
      const offset = Number(
        Buffer.from(url.searchParams.get('cursor') ?? 'MA==', 'base64').toString(),
      );
      const matching = [...this.items[kind].values()]
        .filter((item) => !since || Date.parse(item.update_time) >= Date.parse(since))
        .filter((item) => kind !== 'deals' || item['status'] !== 'deleted')
        .sort((a, b) => Date.parse(a.update_time) - Date.parse(b.update_time) || a.id - b.id);
      const page = matching.slice(offset, offset + limit);
      const next =
        offset + limit < matching.length
          ? Buffer.from(String(offset + limit)).toString('base64')
          : null;
      return send(200, { success: true, data: page, additional_data: { next_cursor: next } });
    }
    send(404, { success: false, error: 'Unknown method', errorCode: 404 });
  }
}
