import { AsyncLocalStorage } from 'node:async_hooks';
import type { ApiKeyScope, Role } from '@arena/contracts';
import { UnauthenticatedError } from './errors';

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

/** Who is calling. */
export type Principal = UserPrincipal | ApiKeyPrincipal | DisplayPrincipal;

interface RequestState {
  principal?: Principal;
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

  principal(): Principal {
    const principal = storage.getStore()?.principal;
    if (!principal) throw new UnauthenticatedError('Sign in first.');
    return principal;
  },

  orgId(): string {
    return RequestContext.principal().orgId;
  },
};
