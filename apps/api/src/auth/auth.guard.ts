import type { Role } from '@arena/contracts';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import type { Repository } from 'typeorm';
import { ForbiddenError, UnauthenticatedError } from '../common/errors';
import { RequestContext } from '../common/request-context';
import { UserEntity } from '../users/entities/user.entity';
import { IS_PUBLIC, ROLES } from './auth.decorators';
import { TokenService } from './token.service';

/**
 * Global guard: every route needs a valid bearer token unless marked `@Public()`, and the
 * `@Roles(...)` it names. The user is re-read on each request so a deactivation or role change
 * takes effect at once, not when the token expires.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<Request>();
    const token = bearerToken(request.headers.authorization);
    if (!token)
      throw new UnauthenticatedError('Sign in first: send "Authorization: Bearer <token>".');
    const claims = await this.tokens.verifyAccessToken(token);
    if (!claims)
      throw new UnauthenticatedError('Your session has expired or is invalid. Sign in again.');
    const user = await this.users.findOneBy({ id: claims.sub, orgId: claims.org });
    if (!user || !user.active) throw new UnauthenticatedError('This account is no longer active.');

    RequestContext.setPrincipal({
      kind: 'user',
      userId: user.id,
      orgId: user.orgId,
      role: user.role,
    });

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      throw new ForbiddenError(`This needs the ${roles.join(' or ')} role.`);
    }
    return true;
  }
}

function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match ? match[1] : null;
}
