import { DISPLAY_TOKEN_PREFIX } from '@arena/contracts';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { TokenService } from '../auth/token.service';
import type { Principal } from '../common/request-context';
import { DisplaysService } from '../displays/displays.service';
import { UserEntity } from '../users/entities/user.entity';

/** Who a websocket is: checked in the handshake, and again for each subscription. */
@Injectable()
export class LiveAuthenticator {
  constructor(
    private readonly tokens: TokenService,
    private readonly displays: DisplaysService,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
  ) {}

  /** The principal behind a handshake token; throws an Error whose message the client sees. */
  async authenticate(token: unknown): Promise<Principal> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
      throw new Error('unauthorized: send { auth: { token } } with an access token');
    }
    if (token.startsWith(DISPLAY_TOKEN_PREFIX)) {
      const display = await this.displays.authenticate(token);
      if (!display) throw new Error('unauthorized: this display was disconnected by an admin');
      return {
        kind: 'display',
        displayId: display.id,
        orgId: display.orgId,
        role: 'display',
        contestIds: display.playlist.map((item) => item.contestId),
      };
    }
    const claims = await this.tokens.verifyAccessToken(token);
    if (!claims) throw new Error('unauthorized: the token is invalid or expired');
    const user = await this.users.findOneBy({ id: claims.sub, orgId: claims.org });
    if (!user?.active) throw new Error('unauthorized: this account is no longer active');
    return { kind: 'user', userId: user.id, orgId: user.orgId, role: user.role };
  }

  /**
   * False once the user was deactivated, or changed role, or the display revoked, since the
   * handshake. A display's playlist is refreshed in place.
   */
  async stillValid(principal: Principal): Promise<boolean> {
    if (principal.kind === 'display') {
      const display = await this.displays.current(principal.displayId);
      if (!display) return false;
      principal.contestIds = display.playlist.map((item) => item.contestId);
      return true;
    }
    if (principal.kind !== 'user') return false;
    const user = await this.users.findOneBy({ id: principal.userId, orgId: principal.orgId });
    return !!user?.active && user.role === principal.role;
  }
}
