import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { queryKeys } from '../../../shared/api/query-keys';
import { sessionStore } from '../../../shared/api/session-store';
import { logout, logoutEverywhere } from '../api/logout';
import { AuthContext, type AuthContextValue } from '../hooks/auth-context';

type AuthProviderProps = {
  children: ReactNode;
};

/** Who is signed in, for the whole app; needs a `QueryClientProvider` above it. */
export function AuthProvider({ children }: AuthProviderProps) {
  const session = useSyncExternalStore(sessionStore.subscribe, sessionStore.getSnapshot);
  const queryClient = useQueryClient();

  // Whenever the session changes hands (sign-in, sign-out, expiry, another tab), nothing cached
  // for the previous one may leak into the next.
  useEffect(() => {
    let previousToken = sessionStore.getToken();
    return sessionStore.subscribe(() => {
      const token = sessionStore.getToken();
      if (token === previousToken) return;
      previousToken = token;
      queryClient.removeQueries({ queryKey: queryKeys.session() });
    });
  }, [queryClient]);

  const value = useMemo<AuthContextValue>(
    () => ({
      token: session.token,
      endedReason: session.endedReason,
      signIn: (accessToken) => sessionStore.start(accessToken),
      signOut: () => endSession(logout),
      signOutEverywhere: () => endSession(logoutEverywhere),
    }),
    [session],
  );

  return <AuthContext value={value}>{children}</AuthContext>;
}

/**
 * Tells the server to revoke the token, and signs out here at once without waiting: the request
 * already carries the token, and a server that cannot be reached must not keep anyone signed in.
 */
function endSession(revoke: () => Promise<void>): void {
  revoke().catch(() => undefined);
  sessionStore.end('signed-out');
}
