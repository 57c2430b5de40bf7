import { screen, waitFor } from '@testing-library/react';
import { queryKeys } from '../../../shared/api/query-keys';
import { sessionStore } from '../../../shared/api/session-store';
import { buildMe } from '../../../../test/build-me';
import { jsonResponse } from '../../../../test/json-response';
import { mockApi } from '../../../../test/mock-api';
import { renderApp } from '../../../../test/render-app';

const expired = {
  statusCode: 401,
  error: 'Unauthorized',
  message: 'Your session has expired or is invalid. Sign in again.',
};

describe('route guards', () => {
  it('sends a signed-out visitor of the app to sign in', async () => {
    const fetchMock = mockApi({});
    const { router } = renderApp('/leaderboards');

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/signin');
    expect(fetchMock.mock.calls.map(([url]) => String(url))).not.toContain('/api/me');
  });

  it('returns to the page the visitor wanted after signing in', async () => {
    const me = buildMe({ user: { role: 'manager' } });
    mockApi({
      'POST /api/auth/login': () => jsonResponse(200, { accessToken: 'token-1', user: me.user }),
      'GET /api/me': () => jsonResponse(200, me),
    });
    const { router, user } = renderApp('/contests');
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'secret-password');

    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Contests' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/contests');
  });

  it('sends a signed-in user away from sign-in to the app', async () => {
    sessionStore.start('token-1');
    mockApi({ 'GET /api/me': () => jsonResponse(200, buildMe()) });
    const { router } = renderApp('/signin');

    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(await screen.findByRole('navigation', { name: 'Main' })).toBeInTheDocument();
  });

  it('ends an expired session and says so on the sign-in page', async () => {
    sessionStore.start('expired-token');
    mockApi({ 'GET /api/me': () => jsonResponse(401, expired) });
    const { router } = renderApp('/');

    expect(await screen.findByText(/your session has expired/i)).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/signin');
    expect(window.localStorage.length).toBe(0);
  });

  it('signs out from the header, revoking the token on the server', async () => {
    sessionStore.start('token-1');
    const revoked: (string | null)[] = [];
    mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe()),
      'POST /api/auth/logout': ({ headers }) => {
        revoked.push(headers.get('Authorization'));
        return new Response(null, { status: 204 });
      },
    });
    const { router, user, queryClient } = renderApp('/');

    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(revoked).toEqual(['Bearer token-1']);

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/signin');
    expect(screen.queryByText(/your session has expired/i)).not.toBeInTheDocument();
    expect(window.localStorage.length).toBe(0);
    expect(queryClient.getQueryData(queryKeys.me())).toBeUndefined();
  });

  it('signs out everywhere from the header', async () => {
    sessionStore.start('token-1');
    const revoked: (string | null)[] = [];
    mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe()),
      'POST /api/auth/logout-all': ({ headers }) => {
        revoked.push(headers.get('Authorization'));
        return new Response(null, { status: 204 });
      },
    });
    const { router, user } = renderApp('/');

    await user.click(await screen.findByRole('button', { name: /^Account:/ }));
    await user.click(await screen.findByRole('button', { name: 'Sign out everywhere' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(revoked).toEqual(['Bearer token-1']);
    expect(router.state.location.pathname).toBe('/signin');
    expect(window.localStorage.length).toBe(0);
  });

  it('signs out here even when the server cannot be reached', async () => {
    sessionStore.start('token-1');
    mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe()),
      'POST /api/auth/logout': () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const { user } = renderApp('/');

    await user.click(await screen.findByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(window.localStorage.length).toBe(0);
  });

  it('offers a retry when the workspace cannot be loaded', async () => {
    sessionStore.start('token-1');
    let meAnswers = 0;
    mockApi({
      'GET /api/me': () => {
        meAnswers += 1;
        if (meAnswers === 1) throw new TypeError('Failed to fetch');
        return jsonResponse(200, buildMe());
      },
    });
    const { user } = renderApp('/');

    expect(
      await screen.findByRole('heading', { name: "We couldn't load your workspace" }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Try again' }));

    expect(await screen.findByRole('navigation', { name: 'Main' })).toBeInTheDocument();
  });
});
