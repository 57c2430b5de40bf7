import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pino from 'pino';
import { authorize, bearerToken, routeNeeds, type RouteNeeds } from '../auth/auth.guard';
import { Credentials } from '../auth/credentials';
import type { AppConfig } from '../config/app-config';
import { RequestContext } from '../common/request-context';
import { appPolicy } from '../common/security-headers';
import { ContestsController } from './contests.controller';
import { LeaderboardQueryDto } from './dto/leaderboard.dto';

const ID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const LEADERBOARD = new RegExp(`^/api/contests/(${ID})/leaderboard(?:\\?(.*))?$`);
const SCORE = new RegExp(`^/api/contests/(${ID})/scores/(${ID})$`);
/** The leaderboard's query fields in the only form the fast path takes (once each, plain). */
const QUERY_FIELD = new RegExp(`^(?:(limit|offset|aroundCount)=([0-9]{1,7})|(around)=(${ID}))$`);
const QUERY_METADATA: ArgumentMetadata = { type: 'query', metatype: LeaderboardQueryDto };

/** Test and bench hook: the requests the fast path has answered (every other took the normal path). */
export const boardFastPathStats = { answered: 0 };

/** A request the fast path answers: the controller call it makes, and what the route needs. */
interface FastRead {
  needs: RouteNeeds;
  read: () => Promise<unknown>;
}

/**
 * The two hot board reads (issue 14: top 50 + my rank within 5× Redis), `GET
 * /api/contests/:id/leaderboard` and `GET /api/contests/:id/scores/:participantId`, answered
 * beside Express and Nest's pipeline, whose middleware, router and per-request logger cost more
 * than the reads' own statement. It is the same request: the same credential check
 * (`Credentials`), the same `@Roles` check (`authorize`, the guard's), the same validation pipe on
 * the query, the same controller method and services (caches, access checks), and a 200 with
 * the headers and JSON bytes Express writes (helmet's headers, `application/json; charset=utf-8`,
 * Content-Length, the app's ETag).
 *
 * It takes only the plain case: a GET whose path and query it reads exactly (ids, `limit`,
 * `offset`, `around`, `aroundCount` once each, digits), a bearer token, no conditional headers,
 * and a log level above debug (below, every request is logged by the normal path). Anything else,
 * and any error at all — 401, 403, 404, 400, 503 — goes to the normal path from the start, which
 * answers it as it always does (a GET reads only: doing it again changes nothing).
 */
export function installBoardFastPath(
  app: NestExpressApplication,
  config: AppConfig,
  pipe: PipeTransform,
): void {
  // Requests are logged one by one at debug: then every request takes the normal path.
  if (pino.levels.values[config.logLevel] <= pino.levels.values['debug']) return;
  const server = app.getHttpServer() as Server;
  const express = app.getHttpAdapter().getInstance() as RequestListener & {
    get(setting: string): unknown;
  };
  const listeners = server.listeners('request') as RequestListener[];
  if (listeners.length !== 1 || listeners[0] !== express) return;
  const etag = express.get('etag fn') as ((body: Buffer) => string) | undefined;
  if (typeof etag !== 'function' || express.get('json replacer') || express.get('json spaces'))
    return;

  const credentials = app.get(Credentials);
  const controller = app.get(ContestsController);
  const reflector = new Reflector();
  const needsOf = (handler: (...args: never[]) => unknown) =>
    routeNeeds(reflector, [handler, ContestsController]);
  const leaderboardNeeds = needsOf(ContestsController.prototype.leaderboard);
  const scoreNeeds = needsOf(ContestsController.prototype.score);

  const route = (req: IncomingMessage): FastRead | null => {
    const url = req.url ?? '';
    let match = LEADERBOARD.exec(url);
    if (match) {
      const query = parseQuery(match[2] ?? '');
      if (!query) return null;
      const id = match[1];
      return {
        needs: leaderboardNeeds,
        read: async () =>
          controller.leaderboard(id, (await pipe.transform(query, QUERY_METADATA)) as never),
      };
    }
    match = SCORE.exec(url);
    if (!match) return null;
    const [, id, participantId] = match;
    return { needs: scoreNeeds, read: () => controller.score(id, participantId) };
  };

  const answer = async (
    req: IncomingMessage,
    res: ServerResponse,
    token: string,
    fast: FastRead,
  ) => {
    const body = await RequestContext.run(async () => {
      const principal = await credentials.authenticate(token, 'http');
      RequestContext.setPrincipal(principal);
      authorize(principal, fast.needs);
      return JSON.stringify(await fast.read());
    });
    const bytes = Buffer.from(body, 'utf8');
    appPolicy(req as never, res as never, () => undefined);
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', bytes.length);
    res.setHeader('ETag', etag(bytes));
    res.end(bytes);
    boardFastPathStats.answered += 1;
  };

  server.removeListener('request', express);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const token =
      req.method === 'GET' &&
      req.headers['if-none-match'] === undefined &&
      req.headers['if-modified-since'] === undefined
        ? bearerToken(req.headers.authorization)
        : null;
    const fast = token ? route(req) : null;
    if (!token || !fast) return express(req, res);
    // The normal path answers every failure, from the start (nothing was written yet).
    answer(req, res, token, fast).catch(() => {
      if (!res.headersSent) express(req, res);
    });
  });
}

/** A query of the fast path's form as the app's query parser gives it; null for any other. */
function parseQuery(text: string): Record<string, string> | null {
  const query: Record<string, string> = {};
  if (text === '') return query;
  for (const part of text.split('&')) {
    const field = QUERY_FIELD.exec(part);
    if (!field) return null;
    const key = field[1] ?? field[3];
    if (key in query) return null;
    query[key] = field[2] ?? field[4];
  }
  return query;
}
