import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { TokenService } from '../auth/token.service';
import type { Principal } from '../common/request-context';
import { UserEntity } from '../users/entities/user.entity';

/** Who a websocket is: checked in the handshake, and again for each subscription. */
@Injectable()
export class LiveAuthenticator {
  constructor(
    private readonly tokens: TokenService,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
  ) {}

  /** The principal behind a handshake token; throws an Error whose message the client sees. */
  async authenticate(token: unknown): Promise<Principal> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
      throw new Error('unauthorized: send { auth: { token } } with an access token');
    }
    const claims = await this.tokens.verifyAccessToken(token);
    if (!claims) throw new Error('unauthorized: the token is invalid or expired');
    const user = await this.users.findOneBy({ id: claims.sub, orgId: claims.org });
    if (!user?.active) throw new Error('unauthorized: this account is no longer active');
    return { kind: 'user', userId: user.id, orgId: user.orgId, role: user.role };
  }

  /** False once the user was deactivated, or changed role, since the handshake. */
  async stillValid(principal: Principal): Promise<boolean> {
    if (principal.kind !== 'user') return false;
    const user = await this.users.findOneBy({ id: principal.userId, orgId: principal.orgId });
    return !!user?.active && user.role === principal.role;
  }
}
