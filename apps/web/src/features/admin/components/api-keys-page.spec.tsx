import { screen, within } from '@testing-library/react';
import { sessionStore } from '../../../shared/api/session-store';
import { buildMe } from '../../../../test/build-me';
import { jsonResponse } from '../../../../test/json-response';
import { mockApi } from '../../../../test/mock-api';
import { renderApp } from '../../../../test/render-app';

const stored = {
  id: 'k1',
  name: 'Salesforce sync',
  prefix: 'ak_12ab',
  scopes: ['activities:write'],
  createdAt: '2026-11-26T10:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
};

describe('ApiKeysPage', () => {
  it('shows a new key’s secret once, and lists it by prefix only', async () => {
    sessionStore.start('token-1');
    let keys: (typeof stored)[] = [];
    mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe({ user: { role: 'admin' } })),
      'GET /api/api-keys': () => jsonResponse(200, keys),
      'POST /api/api-keys': ({ body }) => {
        keys = [{ ...stored, name: (body as { name: string }).name }];
        return jsonResponse(201, { ...keys[0], key: 'ak_12ab.very-secret' });
      },
    });
    const { user } = renderApp('/admin/api-keys');
    await user.type(await screen.findByLabelText('Key name'), 'Salesforce sync');
    await user.click(screen.getByRole('button', { name: 'Create key' }));

    expect(await screen.findByTestId('api-key-secret')).toHaveTextContent('ak_12ab.very-secret');
    const table = screen.getByRole('table');
    expect(await within(table).findByText('Salesforce sync')).toBeInTheDocument();
    expect(within(table).queryByText(/very-secret/)).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'I have copied it' }));
    expect(screen.queryByText(/very-secret/)).not.toBeInTheDocument();
  });

  it('is not offered to a manager', async () => {
    sessionStore.start('token-1');
    mockApi({ 'GET /api/me': () => jsonResponse(200, buildMe({ user: { role: 'manager' } })) });
    renderApp('/admin/api-keys');
    expect(
      await screen.findByRole('heading', { name: "This page isn't available to you" }),
    ).toBeInTheDocument();
  });
});
