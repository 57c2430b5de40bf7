import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { useAuth } from '../hooks/use-auth';

/** Where a guest was headed before being sent to sign in (set by `RequireAuth`). */
function intendedPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  // Only same-app paths: never bounce a user to another site after signing in.
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : '/';
}

/** Sign-in and sign-up are for guests; a signed-in user goes (back) into the app. */
export function GuestOnly() {
  const { token } = useAuth();
  const location = useLocation();
  if (token !== null) return <Navigate to={intendedPath(location.state)} replace />;
  return <Outlet />;
}
