import { Outlet, ScrollRestoration } from 'react-router-dom';
import { ServerStatusBanner } from '../features/server-status/components/server-status-banner';

/** Around every page: the server-status banner on top, scroll restored on navigation. */
export function RootLayout() {
  return (
    <>
      <ServerStatusBanner />
      <Outlet />
      <ScrollRestoration />
    </>
  );
}
