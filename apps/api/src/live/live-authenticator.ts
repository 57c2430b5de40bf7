import { DISPLAY_TOKEN_PREFIX } from '@arena/contracts';
import { Injectable } from '@nestjs/common';
import { SessionsService } from '../auth/sessions.service';
import { DomainError } from '../common/errors';
import type { Principal } from '../common/request-context';
import { DisplaysService } from '../displays/displays.service';

/** Who a websocket is: checked in the handshake, and again for each subscription. */
@Injectable()
export class LiveAuthenticator {
  constructor(
    private readonly sessions: SessionsService,
    private readonly displays: DisplaysService,
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
    try {
      // The same check as HTTP: signature, expiry, sign-out, token version, active flag.
      return await this.sessions.authenticate(token);
    } catch (error) {
      if (error instanceof DomainError) throw new Error(`unauthorized: ${error.message}`);
      throw error;
    }
  }

  /**
   * False once the token expired or its session ended (sign-out, password or role change,
   * deactivation), or the display was revoked, since the handshake. A display's playlist is
   * refreshed in place.
   */
  async stillValid(principal: Principal): Promise<boolean> {
    if (principal.kind === 'display') {
      const display = await this.displays.current(principal.displayId);
      if (!display) return false;
      principal.contestIds = display.playlist.map((item) => item.contestId);
      return true;
    }
    if (principal.kind !== 'user') return false;
    return (await this.sessions.whyEnded(principal)) === null;
  }
}
