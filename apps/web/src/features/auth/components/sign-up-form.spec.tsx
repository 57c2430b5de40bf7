import type { SignupRequest } from '@arena/contracts';
import { screen } from '@testing-library/react';
import { buildMe } from '../../../../test/build-me';
import { jsonResponse } from '../../../../test/json-response';
import { mockApi } from '../../../../test/mock-api';
import { renderApp } from '../../../../test/render-app';

describe('SignUpForm', () => {
  it("defaults the time zone to the browser's", async () => {
    mockApi({});
    renderApp('/signup');

    expect(await screen.findByLabelText('Time zone')).toHaveValue(
      Intl.DateTimeFormat().resolvedOptions().timeZone,
    );
  });

  it('creates the organisation and opens the app as its admin', async () => {
    const me = buildMe({ user: { role: 'admin', name: 'Grace Hopper' }, org: { name: 'Navy' } });
    let sent: SignupRequest | undefined;
    const fetchMock = mockApi({
      'POST /api/orgs': ({ body }) => {
        sent = body as SignupRequest;
        return jsonResponse(201, { ...me, accessToken: 'token-new' });
      },
    });
    const { user, router } = renderApp('/signup');

    await user.type(await screen.findByLabelText('Organisation name'), ' Navy ');
    await user.selectOptions(screen.getByLabelText('Time zone'), 'America/New_York');
    await user.type(screen.getByLabelText('Your name'), 'Grace Hopper');
    await user.type(screen.getByLabelText('Email'), 'grace@example.com');
    await user.type(screen.getByLabelText('Password'), 'cobol-rules');
    await user.click(screen.getByRole('button', { name: 'Create organisation' }));

    expect(await screen.findByRole('heading', { level: 1, name: /Grace$/ })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/');
    expect(sent).toEqual({
      orgName: 'Navy',
      timezone: 'America/New_York',
      adminName: 'Grace Hopper',
      adminEmail: 'grace@example.com',
      adminPassword: 'cobol-rules',
    });
    // The sign-up answer already holds the user and org: no extra round trip for `me`.
    expect(fetchMock.mock.calls.map(([url]) => String(url))).not.toContain('/api/me');
  });

  it('points to sign-in when the email is already taken', async () => {
    mockApi({
      'POST /api/orgs': () =>
        jsonResponse(409, {
          statusCode: 409,
          code: 'email_unavailable',
          error: 'Conflict',
          // The server does not say whether an account exists (issue 11 point 10).
          message: "This email address can't be used for a new account. Use another address.",
        }),
    });
    const { user } = renderApp('/signup');

    await user.type(await screen.findByLabelText('Organisation name'), 'Navy');
    await user.type(screen.getByLabelText('Your name'), 'Grace Hopper');
    await user.type(screen.getByLabelText('Email'), 'grace@example.com');
    await user.type(screen.getByLabelText('Password'), 'cobol-rules');
    await user.click(screen.getByRole('button', { name: 'Create organisation' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("This email address can't be used for a new account.");
    expect(screen.getByRole('link', { name: 'Go to sign in' })).toHaveAttribute('href', '/signin');
  });

  it('checks the password length before sending', async () => {
    const fetchMock = mockApi({});
    const { user } = renderApp('/signup');

    await user.type(await screen.findByLabelText('Password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Create organisation' }));

    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(
      'At least 8 characters. Use at least 8 characters.',
    );
    expect(fetchMock.mock.calls.map(([url]) => String(url))).not.toContain('/api/orgs');
  });

  it('shows why the server refused a weak password, next to the field', async () => {
    mockApi({
      'POST /api/orgs': () =>
        jsonResponse(400, {
          statusCode: 400,
          error: 'Bad Request',
          message:
            'Invalid request: adminPassword is too easy to guess. This is a heavily used password. Add more words that are less common..',
          errors: [
            {
              field: 'adminPassword',
              messages: [
                'adminPassword is too easy to guess. This is a heavily used password. Add more words that are less common.',
              ],
            },
          ],
        }),
    });
    const { user } = renderApp('/signup');

    await user.type(await screen.findByLabelText('Organisation name'), 'Navy');
    await user.type(screen.getByLabelText('Your name'), 'Grace Hopper');
    await user.type(screen.getByLabelText('Email'), 'grace@example.com');
    await user.type(screen.getByLabelText('Password'), 'password');
    await user.click(screen.getByRole('button', { name: 'Create organisation' }));

    expect(await screen.findByText('Please correct the highlighted fields.')).toBeInTheDocument();
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(
      /Is too easy to guess\. This is a heavily used password\. Add more words that are less common\./,
    );
  });
});
