import type { Role } from '@arena/contracts';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

export interface AccessTokenClaims {
  sub: string;
  org: string;
  role: Role;
}

export const ACCESS_TOKEN_TTL_SECONDS = 12 * 60 * 60;

@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  issueAccessToken(user: { id: string; orgId: string; role: Role }): Promise<string> {
    const claims: AccessTokenClaims = { sub: user.id, org: user.orgId, role: user.role };
    return this.jwt.signAsync(claims, { expiresIn: ACCESS_TOKEN_TTL_SECONDS });
  }

  /** The claims of a valid, unexpired token; `null` for anything else. */
  async verifyAccessToken(token: string): Promise<AccessTokenClaims | null> {
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, {
        algorithms: ['HS256'],
      });
      return typeof claims.sub === 'string' && typeof claims.org === 'string' ? claims : null;
    } catch {
      return null;
    }
  }
}
