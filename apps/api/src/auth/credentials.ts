import { DISPLAY_TOKEN_PREFIX } from '@arena/contracts';
import { Injectable } from '@nestjs/common';
import { API_KEY_TOKEN_PREFIX, ApiKeysService } from '../api-keys/api-keys.service';
import { UnauthenticatedError } from '../common/errors';
import type { Principal } from '../common/request-context';
import { DisplaysService } from '../displays/displays.service';
import { SessionsService } from './sessions.service';

/** Where a credential is presented: API keys serve integrations over HTTP, never live sockets. */
export type CredentialChannel = 'http' | 'live';

/**
 * The one authentication path, for the HTTP guard and the live handshake alike: a bearer token
 * (user access token, display token or API key) to its principal, or an UnauthenticatedError
 * whose code says whether signing in again helps (`session_ended`) or the credential is wrong.
 */
@Injectable()
export class Credentials {
  constructor(
    private readonly sessions: SessionsService,
    private readonly apiKeys: ApiKeysService,
    private readonly displays: DisplaysService,
  ) {}

  async authenticate(token: string, channel: CredentialChannel): Promise<Principal> {
    if (token.startsWith(DISPLAY_TOKEN_PREFIX)) return this.display(token);
    if (token.startsWith(API_KEY_TOKEN_PREFIX)) {
      if (channel === 'live')
        throw new UnauthenticatedError(
          'An API key cannot open a live connection: use a user or display token.',
        );
      return this.apiKey(token);
    }
    return this.sessions.authenticate(token);
  }

  private async display(token: string): Promise<Principal> {
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

  private async apiKey(token: string): Promise<Principal> {
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
