import type { RouteObject } from 'react-router-dom';
import { AuthLayout } from '../features/auth/components/auth-layout';
import { GuestOnly } from '../features/auth/components/guest-only';
import { RequireAuth } from '../features/auth/components/require-auth';
import { SignInPage } from '../features/auth/components/sign-in-page';
import { SignUpPage } from '../features/auth/components/sign-up-page';
import { HomePage } from '../features/home/components/home-page';
import { AppShell } from '../features/shell/components/app-shell';
import { NotFoundPage } from '../features/shell/components/not-found-page';
import { PlaceholderPage } from '../features/shell/components/placeholder-page';
import { RequireRole } from '../features/shell/components/require-role';
import { navItems } from '../features/shell/nav-items';
import { RootLayout } from './root-layout';

/** Sections still to be built: routed from the same list as the navigation, role checks included. */
const placeholderRoutes: RouteObject[] = navItems.flatMap((item) =>
  item.placeholder
    ? [
        {
          path: item.path.slice(1),
          element: (
            <RequireRole roles={item.roles}>
              <PlaceholderPage title={item.label} description={item.placeholder} />
            </RequireRole>
          ),
        },
      ]
    : [],
);

/** The whole route tree; the app mounts it in a browser router, the tests in a memory router. */
export const appRoutes: RouteObject[] = [
  {
    element: <RootLayout />,
    children: [
      {
        element: <GuestOnly />,
        children: [
          {
            element: <AuthLayout />,
            children: [
              { path: 'signin', element: <SignInPage /> },
              { path: 'signup', element: <SignUpPage /> },
            ],
          },
        ],
      },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AppShell />,
            children: [
              { index: true, element: <HomePage /> },
              ...placeholderRoutes,
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
];
