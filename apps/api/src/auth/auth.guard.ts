import type { ApiKeyScope } from '@arena/contracts';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../common/errors';
import { RequestContext, type Actor } from '../common/request-context';
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

    const roles = this.reflector.getAllAndOverride<Actor[] | undefined>(ROLES, targets);
    if (principal.kind === 'api-key') {
      if (!roles?.includes('api-key'))
        throw new ForbiddenError('API keys cannot call this endpoint.');
      const scope = this.reflector.getAllAndOverride<ApiKeyScope | undefined>(
        API_KEY_SCOPE,
        targets,
      );
      if (scope && !principal.scopes.includes(scope))
        throw new ForbiddenError(`This API key lacks the ${scope} scope.`);
    } else if (principal.kind === 'display') {
      if (!roles?.includes('display'))
        throw new ForbiddenError('A display can only read what its playlist shows.');
    } else if (roles && !roles.includes(principal.role)) {
      throw new ForbiddenError(
        `This needs the ${roles.filter((role) => role !== 'api-key' && role !== 'display').join(' or ')} role.`,
      );
    }
    return true;
  }
}

function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match ? match[1] : null;
}
