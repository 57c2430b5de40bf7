import type { RouteObject } from 'react-router-dom';
import { AuthLayout } from '../features/auth/components/auth-layout';
import { GuestOnly } from '../features/auth/components/guest-only';
import { RequireAuth } from '../features/auth/components/require-auth';
import { SignInPage } from '../features/auth/components/sign-in-page';
import { SignUpPage } from '../features/auth/components/sign-up-page';
import { AcceptInvitePage } from '../features/auth/components/accept-invite-page';
import { ActivityTypesPage } from '../features/admin/components/activity-types-page';
import { AdminLayout } from '../features/admin/components/admin-layout';
import { ApiKeysPage } from '../features/admin/components/api-keys-page';
import { TeamsPage } from '../features/admin/components/teams-page';
import { UsersPage } from '../features/admin/components/users-page';
import { CoachingPage } from '../features/coaching/components/coaching-page';
import { ConnectionDetailPage } from '../features/connections/components/connection-detail-page';
import { ConnectionsPage } from '../features/connections/components/connections-page';
import { ContestDesignerPage } from '../features/contests/components/contest-designer-page';
import { ContestsPage } from '../features/contests/components/contests-page';
import { DisplaysPage } from '../features/displays/components/displays-page';
import { InsightsPage } from '../features/insights/components/insights-page';
import { HomePage } from '../features/home/components/home-page';
import { ContestLeaderboardPage } from '../features/leaderboard/components/contest-leaderboard-page';
import { LeaderboardsPage } from '../features/leaderboard/components/leaderboards-page';
import { AppShell } from '../features/shell/components/app-shell';
import { NotFoundPage } from '../features/shell/components/not-found-page';
import { PlaceholderPage } from '../features/shell/components/placeholder-page';
import { TvPage } from '../features/tv/components/tv-page';
import { RequireRole } from '../features/shell/components/require-role';
import { BadgesPage } from '../features/recognition/components/badges-page';
import { RecognitionPage } from '../features/recognition/components/recognition-page';
import { TrophyCasePage } from '../features/recognition/components/trophy-case-page';
import { navItems } from '../features/shell/nav-items';
import { Navigate } from 'react-router-dom';
import { RootLayout } from './root-layout';

const managers = ['manager', 'admin'] as const;

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
  // A wall display signs in with its own token: no session, no shell, no server-status banner.
  { path: 'tv', element: <TvPage /> },
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
              { path: 'accept-invite', element: <AcceptInvitePage /> },
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
              { path: 'leaderboards', element: <LeaderboardsPage /> },
              { path: 'leaderboards/:contestId', element: <ContestLeaderboardPage /> },
              { path: 'recognition', element: <RecognitionPage /> },
              { path: 'recognition/people/:userId', element: <TrophyCasePage /> },
              {
                path: 'contests',
                element: (
                  <RequireRole roles={managers}>
                    <ContestsPage />
                  </RequireRole>
                ),
              },
              {
                path: 'contests/new',
                element: (
                  <RequireRole roles={managers}>
                    <ContestDesignerPage />
                  </RequireRole>
                ),
              },
              {
                path: 'contests/:contestId',
                element: (
                  <RequireRole roles={managers}>
                    <ContestDesignerPage />
                  </RequireRole>
                ),
              },
              { path: 'coaching', element: <CoachingPage /> },
              {
                path: 'insights',
                element: (
                  <RequireRole roles={managers}>
                    <InsightsPage />
                  </RequireRole>
                ),
              },
              {
                path: 'admin',
                element: (
                  <RequireRole roles={['admin']}>
                    <AdminLayout />
                  </RequireRole>
                ),
                children: [
                  { index: true, element: <Navigate to="users" replace /> },
                  { path: 'users', element: <UsersPage /> },
                  { path: 'teams', element: <TeamsPage /> },
                  { path: 'activity-types', element: <ActivityTypesPage /> },
                  { path: 'connections', element: <ConnectionsPage /> },
                  { path: 'connections/:connectionId', element: <ConnectionDetailPage /> },
                  { path: 'api-keys', element: <ApiKeysPage /> },
                  { path: 'badges', element: <BadgesPage /> },
                  { path: 'displays', element: <DisplaysPage /> },
                ],
              },
              ...placeholderRoutes,
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
];
