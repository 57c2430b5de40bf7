import { AsyncLocalStorage } from 'node:async_hooks';
import type { ApiKeyScope, Role } from '@arena/contracts';
import { ForbiddenError, UnauthenticatedError } from './errors';

/** What a route can be opened to: a user role, or a machine credential. */
export type Actor = Role | 'api-key' | 'display';

export interface UserPrincipal {
  kind: 'user';
  userId: string;
  orgId: string;
  role: Role;
  /** The access token behind it (absent for the server's own jobs, e.g. the demo). */
  session?: UserSession;
}

/** What an access token says about its session: enough to end it, or to notice it ended. */
export interface UserSession {
  /** Token id; signing out revokes it. */
  jti: string;
  /** The user's token version when it was issued. */
  version: number;
  /** Expiry, seconds since the epoch. */
  expiresAt: number;
}

/** A CRM or script pushing activities with an API key. */
export interface ApiKeyPrincipal {
  kind: 'api-key';
  apiKeyId: string;
  orgId: string;
  role: 'api-key';
  scopes: ApiKeyScope[];
}

/** A TV wall: reads what its playlist names, writes nothing. */
export interface DisplayPrincipal {
  kind: 'display';
  displayId: string;
  orgId: string;
  role: 'display';
  /** The contests its playlist names. */
  contestIds: string[];
}

/**
 * A connection's own jobs recording what its CRM records map to: never a caller over HTTP, only
 * the job queue's handlers act as it (so it may name any rep of its organisation).
 */
export interface ConnectionPrincipal {
  kind: 'connection';
  connectionId: string;
  orgId: string;
  role: 'connection';
}

/** Who is calling. */
export type Principal = UserPrincipal | ApiKeyPrincipal | DisplayPrincipal | ConnectionPrincipal;

interface RequestState {
  principal?: Principal;
  /**
   * The organisation of a background job that runs on its behalf without a caller (a live
   * board flush, an achievement evaluation): set by `runAsOrg`, never alongside a principal.
   */
  orgId?: string;
}

const storage = new AsyncLocalStorage<RequestState>();

/**
 * The caller of the current request (or job), carried through async calls. The organisation
 * every query is scoped to comes from here and nowhere else.
 */
export const RequestContext = {
  /** Runs `fn` with a fresh, empty context (one per HTTP request, socket event or job). */
  run<T>(fn: () => T, principal?: Principal): T {
    return storage.run({ principal }, fn);
  },

  setPrincipal(principal: Principal): void {
    const state = storage.getStore();
    if (!state) throw new Error('RequestContext.setPrincipal called outside RequestContext.run');
    state.principal = principal;
  },

  /**
   * Runs `fn` as organisation `orgId`, with no caller: for background work keyed by a contest or
   * an organisation (workers, streams, start-up scans). Everything scoped (`OrgSql`,
   * `OrgScopedRepository`) then sees that organisation only; `principal()` still refuses.
   */
  runAsOrg<T>(orgId: string, fn: () => T): T {
    return storage.run({ orgId }, fn);
  },

  principal(): Principal {
    const principal = storage.getStore()?.principal;
    if (!principal) throw new UnauthenticatedError('Sign in first.');
    return principal;
  },

  /**
   * The calling user. A display or an API key reaching a user-only path is a programming error
   * in the route's `@Roles` (they should never get here): 403 with a message saying so.
   */
  user(): UserPrincipal {
    const principal = RequestContext.principal();
    if (principal.kind !== 'user')
      throw new ForbiddenError(`This needs a signed-in user; a ${principal.kind} cannot do it.`);
    return principal;
  },

  /** The organisation every scoped query is bound to: the caller's, or the job's (`runAsOrg`). */
  orgId(): string {
    const state = storage.getStore();
    if (state?.principal) return state.principal.orgId;
    if (state?.orgId) return state.orgId;
    throw new UnauthenticatedError('Sign in first.');
  },
};
