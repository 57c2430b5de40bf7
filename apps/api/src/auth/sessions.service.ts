import { Injectable } from '@nestjs/common';
// eslint-disable-next-line no-restricted-imports -- the guard's session check: the token is what establishes the organisation
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type EntityManager, type Repository } from 'typeorm';
import { DomainEvents } from '../common/domain-events';
import { InstanceCaches, type TaggedCache } from '../common/instance-cache';
import { UnauthenticatedError } from '../common/errors';
import type { UserPrincipal, UserSession } from '../common/request-context';
import { UserEntity } from '../users/entities/user.entity';
import { RevokedTokenEntity } from './entities/revoked-token.entity';
import { TokenService } from './token.service';

/** What the session check reads of a user and a token. */
interface UserStanding {
  role: UserEntity['role'];
  active: boolean;
  token_version: number;
  revoked: boolean;
}

export const SESSION_MESSAGES = {
  invalid: 'Your session has expired or is invalid. Sign in again.',
  forged: 'This is not a valid sign-in token. Sign in again.',
  ended: 'This session has ended (signed out, or the password or role changed). Sign in again.',
  inactive: 'This account is no longer active.',
} as const;

/**
 * The one authentication path for user tokens, over HTTP and websockets alike: a token is good
 * while it is signed, unexpired, not signed out, and carries the user's current token version.
 */
@Injectable()
export class SessionsService {
  /** A token's standing by `<user> <jti>`, kept exact by commit notices (`instance-cache.ts`). */
  private readonly standings: TaggedCache<UserStanding>;

  constructor(
    private readonly tokens: TokenService,
    private readonly events: DomainEvents,
    private readonly caches: InstanceCaches,
    // Unscoped on purpose: the token is what establishes the organisation.
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(RevokedTokenEntity)
    private readonly revoked: Repository<RevokedTokenEntity>,
  ) {
    this.standings = caches.create<UserStanding>(50_000);
  }

  /** The principal behind a user access token; throws UnauthenticatedError otherwise. */
  async authenticate(token: string): Promise<UserPrincipal> {
    const claims = await this.tokens.verifyAccessToken(token);
    if (claims === 'expired')
      throw new UnauthenticatedError(SESSION_MESSAGES.invalid, 'session_ended');
    // Not one of ours (forged, malformed, no expiry): nothing to end, the caller is not signed in.
    if (!claims) throw new UnauthenticatedError(SESSION_MESSAGES.forged, 'unauthenticated');
    const session = { jti: claims.jti, version: claims.ver, expiresAt: claims.exp };
    const user = await this.check(claims.sub, claims.org, session);
    return { kind: 'user', userId: user.id, orgId: user.orgId, role: user.role, session };
  }

  /**
   * Null while `principal`'s session still holds as it was (same role); otherwise why not. Open
   * websockets re-check with it.
   */
  async whyEnded(principal: UserPrincipal): Promise<string | null> {
    if (!principal.session) return SESSION_MESSAGES.invalid;
    try {
      const user = await this.check(principal.userId, principal.orgId, principal.session);
      return user.role === principal.role ? null : SESSION_MESSAGES.ended;
    } catch (error) {
      if (error instanceof UnauthenticatedError) return error.message;
      throw error;
    }
  }

  /** Signs out one token: refused from now on, on every instance, until it would have expired. */
  async signOut(principal: UserPrincipal): Promise<void> {
    const { session } = principal;
    if (!session) return;
    await this.revoked
      .createQueryBuilder()
      .insert()
      .values({
        jti: session.jti,
        orgId: principal.orgId,
        userId: principal.userId,
        expiresAt: new Date(session.expiresAt * 1000),
      })
      .orIgnore()
      .execute();
    this.caches.invalidate(`user:${principal.userId}`);
    // Entries past their expiry protect nothing: the signature check refuses those tokens anyway.
    await this.revoked.delete({ expiresAt: LessThan(new Date()) });
    this.events.publish({
      kind: 'sessions-revoked',
      orgId: principal.orgId,
      userId: principal.userId,
      jti: session.jti,
    });
  }

  /**
   * Ends every token of the user issued so far. Call inside the transaction that changes what
   * should end them (password, role, deactivation); publish with `published` after it commits.
   */
  async bumpVersion(manager: EntityManager, userId: string): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(UserEntity)
      .set({ tokenVersion: () => 'token_version + 1' })
      .where('id = :userId', { userId })
      .returning('token_version')
      .execute();
    const rows = result.raw as { token_version: number }[];
    return rows[0]?.token_version ?? 0;
  }

  /** Tells open websockets of the user that their sessions ended, so they close at once. */
  published(orgId: string, userId: string): void {
    this.caches.invalidate(`user:${userId}`);
    this.events.publish({ kind: 'sessions-revoked', orgId, userId });
  }

  /** "Sign out everywhere". */
  async signOutEverywhere(principal: UserPrincipal): Promise<void> {
    await this.bumpVersion(this.users.manager, principal.userId);
    this.published(principal.orgId, principal.userId);
  }

  private async check(
    userId: string,
    orgId: string,
    session: UserSession,
  ): Promise<Pick<UserEntity, 'id' | 'orgId' | 'role'>> {
    if (session.expiresAt * 1000 <= Date.now())
      throw new UnauthenticatedError(SESSION_MESSAGES.invalid, 'session_ended');
    // This runs on every request: the user's standing and whether this token was signed out, one
    // round trip of plain SQL, kept per instance until a commit changes it.
    const user = await this.standings.read(
      `${userId} ${orgId} ${session.jti}`,
      [`user:${userId}`],
      async () => {
        const rows: UserStanding[] = await this.users.manager.query(
          `SELECT u.role, u.active, u.token_version,
             EXISTS (SELECT 1 FROM revoked_tokens r WHERE r.jti = $3) AS revoked
           FROM users u WHERE u.id = $1 AND u.org_id = $2`,
          [userId, orgId, session.jti],
        );
        return rows[0];
      },
    );
    if (!user || !user.active)
      throw new UnauthenticatedError(SESSION_MESSAGES.inactive, 'session_ended');
    if (user.revoked || user.token_version !== session.version)
      throw new UnauthenticatedError(SESSION_MESSAGES.ended, 'session_ended');
    return { id: userId, orgId, role: user.role };
  }
}
