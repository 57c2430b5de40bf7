import type { ApiError, LoginRequest } from '@arena/contracts';
import { screen, waitFor } from '@testing-library/react';
import { buildMe } from '../../../../test/build-me';
import { jsonResponse } from '../../../../test/json-response';
import { mockApi } from '../../../../test/mock-api';
import { renderApp } from '../../../../test/render-app';

describe('SignInForm', () => {
  it("shows the server's message for a field next to that field", async () => {
    const invalid: ApiError = {
      statusCode: 400,
      code: 'invalid_input',
      error: 'Bad Request',
      message: 'Invalid request: email must be shorter than or equal to 254 characters.',
      errors: [
        { field: 'email', messages: ['email must be shorter than or equal to 254 characters'] },
      ],
    };
    mockApi({ 'POST /api/auth/login': () => jsonResponse(400, invalid) });
    const { user } = renderApp('/signin');

    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const email = screen.getByLabelText('Email');
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(email).toHaveAccessibleDescription('Must be shorter than or equal to 254 characters');
    expect(screen.getByLabelText('Password')).not.toHaveAttribute('aria-invalid');
    expect(screen.getByRole('alert')).toHaveTextContent('Please correct the highlighted fields.');
  });

  it('hides a field message once the field is edited', async () => {
    mockApi({
      'POST /api/auth/login': () =>
        jsonResponse(400, {
          statusCode: 400,
          error: 'Bad Request',
          message: 'Invalid request.',
          errors: [{ field: 'email', messages: ['email is not valid'] }],
        }),
    });
    const { user } = renderApp('/signin');
    await user.type(screen.getByLabelText('Email'), 'ada');
    await user.type(screen.getByLabelText('Password'), 'secret-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Is not valid')).toBeInTheDocument();

    await user.type(screen.getByLabelText('Email'), '@example.com');

    expect(screen.queryByText('Is not valid')).not.toBeInTheDocument();
  });

  it('shows a wrong password as a message for the whole form', async () => {
    mockApi({
      'POST /api/auth/login': () =>
        jsonResponse(401, {
          statusCode: 401,
          error: 'Unauthorized',
          message: 'Email or password is incorrect.',
        }),
    });
    const { user, router } = renderApp('/signin');

    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Email or password is incorrect.');
    expect(router.state.location.pathname).toBe('/signin');
  });

  it('asks for missing fields without calling the server', async () => {
    const fetchMock = mockApi({});
    const { user } = renderApp('/signin');
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1)); // the health check

    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Enter your email address.');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Enter your password.');
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('says so when the server cannot be reached', async () => {
    mockApi({
      'POST /api/auth/login': () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const { user } = renderApp('/signin');

    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'secret-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent("Can't reach the Arena server");
  });

  it('signs in, keeps the token and opens the app', async () => {
    const me = buildMe();
    let sent: LoginRequest | undefined;
    mockApi({
      'POST /api/auth/login': ({ body }) => {
        sent = body as LoginRequest;
        return jsonResponse(200, { accessToken: 'token-1', user: me.user });
      },
      'GET /api/me': ({ headers }) =>
        headers.get('Authorization') === 'Bearer token-1'
          ? jsonResponse(200, me)
          : jsonResponse(401, { statusCode: 401, error: 'Unauthorized', message: 'No.' }),
    });
    const { user, router } = renderApp('/signin');

    await user.type(screen.getByLabelText('Email'), '  ada@example.com ');
    await user.type(screen.getByLabelText('Password'), 'secret-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: /Ada$/ })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/');
    expect(sent).toEqual({ email: 'ada@example.com', password: 'secret-password' });
    expect(Object.values({ ...window.localStorage })).toContain('token-1');
  });
});
