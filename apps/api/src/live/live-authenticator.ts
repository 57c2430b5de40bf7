import { Injectable } from '@nestjs/common';
import { Credentials } from '../auth/credentials';
import { SessionsService } from '../auth/sessions.service';
import { UnauthenticatedError } from '../common/errors';
import type { Principal } from '../common/request-context';
import { DisplaysService } from '../displays/displays.service';
import { LiveRefusalError } from './live-refusal';

/** Who a websocket is: checked in the handshake, and again for each subscription. */
@Injectable()
export class LiveAuthenticator {
  constructor(
    private readonly credentials: Credentials,
    private readonly sessions: SessionsService,
    private readonly displays: DisplaysService,
  ) {}

  /**
   * The principal behind a handshake token, through the same path as HTTP (Credentials); a refusal
   * reaches the client's `connect_error` with its error code in `data`.
   */
  async authenticate(token: unknown): Promise<Principal> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
      throw new LiveRefusalError('unauthorized: send { auth: { token } } with an access token', {
        code: 'unauthenticated',
      });
    }
    try {
      return await this.credentials.authenticate(token, 'live');
    } catch (error) {
      if (error instanceof UnauthenticatedError) {
        throw new LiveRefusalError(`unauthorized: ${error.message}`, {
          code: error.code === 'session_ended' ? 'session_ended' : 'unauthenticated',
        });
      }
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
