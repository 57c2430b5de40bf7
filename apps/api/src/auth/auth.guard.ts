import { DISPLAY_TOKEN_PREFIX, type ApiKeyScope } from '@arena/contracts';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { API_KEY_TOKEN_PREFIX, ApiKeysService } from '../api-keys/api-keys.service';
import { ForbiddenError, UnauthenticatedError } from '../common/errors';
import { DisplaysService } from '../displays/displays.service';
import { RequestContext, type Actor, type Principal } from '../common/request-context';
import { API_KEY_SCOPE, IS_PUBLIC, ROLES } from './auth.decorators';
import { SessionsService } from './sessions.service';

/**
 * Global guard: every route needs a valid bearer credential unless marked `@Public()` — a user
 * access token, or an API key where the route allows `'api-key'` — and the `@Roles(...)` it
 * names. Users are re-read on each request so a deactivation takes effect at once, and a token
 * ended by a sign-out or a password or role change is refused (SessionsService).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly apiKeys: ApiKeysService,
    private readonly displays: DisplaysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<Request>();
    const token = bearerToken(request.headers.authorization);
    if (!token)
      throw new UnauthenticatedError('Sign in first: send "Authorization: Bearer <token>".');
    const principal = token.startsWith(DISPLAY_TOKEN_PREFIX)
      ? await this.displayPrincipal(token)
      : token.startsWith(API_KEY_TOKEN_PREFIX)
        ? await this.apiKeyPrincipal(token)
        : await this.sessions.authenticate(token);
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

  private async displayPrincipal(token: string): Promise<Principal> {
    const display = await this.displays.authenticate(token);
    if (!display) throw new UnauthenticatedError('This display was disconnected by an admin.');
    return {
      kind: 'display',
      displayId: display.id,
      orgId: display.orgId,
      role: 'display',
      contestIds: display.playlist.map((item) => item.contestId),
    };
  }

  private async apiKeyPrincipal(token: string): Promise<Principal> {
    const key = await this.apiKeys.authenticate(token);
    if (!key) throw new UnauthenticatedError('This API key is invalid or has been revoked.');
    return {
      kind: 'api-key',
      apiKeyId: key.id,
      orgId: key.orgId,
      role: 'api-key',
      scopes: key.scopes,
    };
  }
}

function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match ? match[1] : null;
}
