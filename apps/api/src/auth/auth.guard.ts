import type { ApiKeyScope } from '@arena/contracts';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../common/errors';
import { RequestContext, type Actor, type Principal } from '../common/request-context';
import { API_KEY_SCOPE, IS_PUBLIC, ROLES } from './auth.decorators';
import { Credentials } from './credentials';

/**
 * Global guard: every route needs a valid bearer credential unless marked `@Public()` — a user
 * access token, a display token, or an API key where the route allows `'api-key'` (Credentials,
 * shared with the live handshake) — and the `@Roles(...)` it
 * names. Users are re-read on each request so a deactivation takes effect at once, and a token
 * ended by a sign-out or a password or role change is refused (SessionsService).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: Credentials,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<Request>();
    const token = bearerToken(request.headers.authorization);
    if (!token)
      throw new UnauthenticatedError('Sign in first: send "Authorization: Bearer <token>".');
    const principal = await this.credentials.authenticate(token, 'http');
    RequestContext.setPrincipal(principal);

    authorize(principal, routeNeeds(this.reflector, targets));
    return true;
  }
}

/** What a route asks of its caller: the `@Roles` it names and the API-key scope it needs. */
export interface RouteNeeds {
  roles: Actor[] | undefined;
  scope: ApiKeyScope | undefined;
}

/** A handler's needs as its decorators declare them (the handler's own, else its class's). */
export function routeNeeds(
  reflector: Reflector,
  targets: Parameters<Reflector['getAllAndOverride']>[1],
): RouteNeeds {
  return {
    roles: reflector.getAllAndOverride<Actor[] | undefined>(ROLES, targets),
    scope: reflector.getAllAndOverride<ApiKeyScope | undefined>(API_KEY_SCOPE, targets),
  };
}

/** Throws the 403 a route's needs give this principal, if any (the guard's and the board fast path's check). */
export function authorize(principal: Principal, { roles, scope }: RouteNeeds): void {
  if (principal.kind === 'api-key') {
    if (!roles?.includes('api-key'))
      throw new ForbiddenError('API keys cannot call this endpoint.');
    if (scope && !principal.scopes.includes(scope))
      throw new ForbiddenError(`This API key lacks the ${scope} scope.`);
  } else if (principal.kind === 'display') {
    if (!roles?.includes('display'))
      throw new ForbiddenError('A display can only read what its playlist shows.');
  } else if (principal.kind === 'connection') {
    // Never authenticated over HTTP: only the job queue's handlers act as a connection.
    throw new ForbiddenError('A connection cannot call endpoints.');
  } else if (roles && !roles.includes(principal.role)) {
    throw new ForbiddenError(
      `This needs the ${roles.filter((role) => role !== 'api-key' && role !== 'display').join(' or ')} role.`,
    );
  }
}

/** The token of an `Authorization: Bearer <token>` header; null without one. */
export function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match ? match[1] : null;
}
