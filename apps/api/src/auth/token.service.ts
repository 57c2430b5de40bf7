import { randomUUID } from 'node:crypto';
import { ROLES, type Role } from '@arena/contracts';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

export interface AccessTokenClaims {
  sub: string;
  org: string;
  role: Role;
  /** The user's token version when it was issued; a newer one on the user ends this token. */
  ver: number;
  /** This token's id: signing out revokes just it. */
  jti: string;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
}

export const ACCESS_TOKEN_TTL_SECONDS = 12 * 60 * 60;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Tokens whose signature an instance remembers having checked; beyond this the oldest goes. */
const MAX_VERIFIED_TOKENS = 10_000;

@Injectable()
export class TokenService {
  /**
   * Tokens this instance verified, with their claims: a signature check costs ~1 ms of CPU
   * (jsonwebtoken turns the secret into a key object on every call), and the same token comes
   * back on every request of its session. A signature stays valid, so only the expiry is checked
   * again; whether the session still holds is the caller's check (SessionsService), every time.
   */
  private readonly verified = new Map<string, AccessTokenClaims>();

  constructor(private readonly jwt: JwtService) {}

  issueAccessToken(user: {
    id: string;
    orgId: string;
    role: Role;
    tokenVersion: number;
  }): Promise<string> {
    const claims = { sub: user.id, org: user.orgId, role: user.role, ver: user.tokenVersion };
    return this.jwt.signAsync(claims, { expiresIn: ACCESS_TOKEN_TTL_SECONDS, jwtid: randomUUID() });
  }

  /**
   * The claims of a valid, unexpired token; `'expired'` for one of ours whose time is up (the
   * session ended); `null` for anything else — a forged or malformed token, or a correctly signed
   * one without an expiry (it would be valid forever) or with ids that are not UUIDs.
   */
  async verifyAccessToken(token: string): Promise<AccessTokenClaims | 'expired' | null> {
    const known = this.verified.get(token);
    if (known) {
      if (known.exp * 1000 > Date.now()) return known;
      this.verified.delete(token);
      return 'expired';
    }
    try {
      const claims = await this.jwt.verifyAsync<Partial<AccessTokenClaims>>(token, {
        algorithms: ['HS256'],
      });
      if (!isAccessTokenClaims(claims)) return null;
      this.verified.set(token, claims);
      if (this.verified.size > MAX_VERIFIED_TOKENS) {
        const oldest = this.verified.keys().next().value;
        if (oldest !== undefined) this.verified.delete(oldest);
      }
      return claims;
    } catch (error) {
      // jsonwebtoken checks the signature before the expiry: only a genuine token gets here.
      return (error as Error)?.name === 'TokenExpiredError' ? 'expired' : null;
    }
  }
}

function isAccessTokenClaims(claims: Partial<AccessTokenClaims>): claims is AccessTokenClaims {
  return (
    typeof claims.sub === 'string' &&
    UUID.test(claims.sub) &&
    typeof claims.org === 'string' &&
    UUID.test(claims.org) &&
    typeof claims.jti === 'string' &&
    UUID.test(claims.jti) &&
    (ROLES as readonly unknown[]).includes(claims.role) &&
    Number.isSafeInteger(claims.ver) &&
    Number.isSafeInteger(claims.iat) &&
    Number.isSafeInteger(claims.exp)
  );
}
