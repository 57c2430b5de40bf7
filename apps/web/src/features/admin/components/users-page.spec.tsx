import type { UpdateUserRequest, User } from '@arena/contracts';
import { screen, waitFor } from '@testing-library/react';
import { sessionStore } from '../../../shared/api/session-store';
import { buildMe } from '../../../../test/build-me';
import { jsonResponse } from '../../../../test/json-response';
import { mockApi } from '../../../../test/mock-api';
import { renderApp } from '../../../../test/render-app';

describe('UsersPage', () => {
  it('puts the server’s message next to the field it is about', async () => {
    sessionStore.start('token-1');
    mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe({ user: { role: 'admin' } })),
      'GET /api/users': () => jsonResponse(200, { items: [], total: 0, limit: 1000, offset: 0 }),
      'GET /api/teams': () => jsonResponse(200, []),
      'POST /api/users': () =>
        jsonResponse(409, {
          statusCode: 409,
          code: 'email_unavailable',
          error: 'Conflict',
          message: 'Someone already uses this email.',
          errors: [{ field: 'email', messages: ['email is already taken'] }],
        }),
    });
    const { user } = renderApp('/admin/users');
    await user.type(await screen.findByLabelText('Name'), 'Maya');
    await user.type(screen.getByLabelText('Email'), 'maya@example.com');
    await user.type(screen.getByLabelText('Password'), 'long-enough-password');
    await user.click(screen.getByRole('button', { name: 'Add person' }));

    expect(await screen.findByText('Please correct the highlighted fields.')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Is already taken');
    // Editing the field retires the message about its old value.
    await user.type(screen.getByLabelText('Email'), 'x');
    expect(screen.getByLabelText('Email')).not.toHaveAccessibleDescription('Is already taken');
  });

  it('lets an admin make a manager a competing player-coach', async () => {
    sessionStore.start('token-1');
    let maya: User = { ...buildMe({ user: { id: 'u-maya', name: 'Maya', role: 'manager' } }).user };
    maya = { ...maya, competes: false };
    const sent: UpdateUserRequest[] = [];
    mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe({ user: { role: 'admin' } })),
      'GET /api/users': () =>
        jsonResponse(200, { items: [maya], total: 1, limit: 1000, offset: 0 }),
      'GET /api/teams': () => jsonResponse(200, []),
      'PATCH /api/users/u-maya': ({ body }) => {
        sent.push(body as UpdateUserRequest);
        maya = { ...maya, ...(body as UpdateUserRequest) };
        return jsonResponse(200, maya);
      },
    });
    const { user } = renderApp('/admin/users');
    const toggle = await screen.findByRole('button', { name: 'Maya competes in contests' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');

    await user.click(toggle);

    expect(sent).toEqual([{ competes: true }]);
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Maya competes in contests' })).toHaveAttribute(
        'aria-pressed',
        'true',
      ),
    );
  });
});
