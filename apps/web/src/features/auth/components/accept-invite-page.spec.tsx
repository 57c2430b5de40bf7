import type { AcceptInviteRequest } from '@arena/contracts';
import { screen } from '@testing-library/react';
import { buildMe } from '../../../../test/build-me';
import { jsonResponse } from '../../../../test/json-response';
import { mockApi } from '../../../../test/mock-api';
import { renderApp } from '../../../../test/render-app';

describe('AcceptInvitePage', () => {
  it("sets the password with the link's token and opens the app", async () => {
    const me = buildMe();
    let sent: AcceptInviteRequest | undefined;
    mockApi({
      'POST /api/auth/accept-invite': ({ body }) => {
        sent = body as AcceptInviteRequest;
        return jsonResponse(200, { accessToken: 'token-1', user: me.user });
      },
      'GET /api/me': () => jsonResponse(200, me),
    });
    const { user, router } = renderApp('/accept-invite#inv_abc');

    await user.type(screen.getByLabelText('New password'), 'a quiet lighthouse');
    await user.click(screen.getByRole('button', { name: 'Set password and sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: /Ada$/ })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/');
    expect(sent).toEqual({ token: 'inv_abc', password: 'a quiet lighthouse' });
  });

  it('says when the link is used or expired', async () => {
    mockApi({
      'POST /api/auth/accept-invite': () =>
        jsonResponse(401, {
          statusCode: 401,
          code: 'unauthenticated',
          error: 'Unauthorized',
          message:
            'This invitation link is invalid, used or expired. Ask your admin for a new one.',
        }),
    });
    const { user } = renderApp('/accept-invite#inv_used');
    await user.type(screen.getByLabelText('New password'), 'a quiet lighthouse');
    await user.click(screen.getByRole('button', { name: 'Set password and sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('invalid, used or expired');
  });

  it('explains a link without its token', () => {
    mockApi({});
    renderApp('/accept-invite');
    expect(screen.getByText(/no invitation in it/)).toBeInTheDocument();
    expect(screen.queryByLabelText('New password')).not.toBeInTheDocument();
  });
});
