import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { Button } from '../../../shared/ui/button';
import { FullPageStatus } from '../../../shared/ui/full-page-status';
import { useAuth } from '../hooks/use-auth';
import { useMe } from '../hooks/use-me';

/** The gate to the signed-in app: sends guests to sign in and waits for `me` before rendering. */
export function RequireAuth() {
  const { token, signOut } = useAuth();
  const location = useLocation();
  const me = useMe();

  if (token === null) {
    const from = `${location.pathname}${location.search}`;
    return <Navigate to="/signin" replace state={{ from }} />;
  }
  // With data in hand a failed background refresh is not worth blocking the app for: the
  // server-status banner reports an outage.
  if (me.data) return <Outlet />;
  if (me.isError) {
    return (
      <FullPageStatus
        title="We couldn't load your workspace"
        actions={
          <>
            <Button pending={me.isFetching} onClick={() => void me.refetch()}>
              Try again
            </Button>
            <Button variant="secondary" onClick={signOut}>
              Sign out
            </Button>
          </>
        }
      >
        <p>{me.error.message}</p>
      </FullPageStatus>
    );
  }
  return <FullPageStatus busy title="Loading your workspace…" />;
}
