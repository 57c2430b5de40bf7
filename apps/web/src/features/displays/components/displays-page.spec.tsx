import type { Display } from '@arena/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import { sessionStore } from '../../../shared/api/session-store';
import { buildContest } from '../../../../test/build-board';
import { buildMe } from '../../../../test/build-me';
import { jsonResponse } from '../../../../test/json-response';
import { mockApi } from '../../../../test/mock-api';
import { renderApp } from '../../../../test/render-app';

const stored: Display = {
  id: 'd1',
  name: 'Sales floor TV',
  playlist: [{ contestId: 'contest-1', screen: 'team_race' }],
  rotationSeconds: 30,
  tokenPrefix: 'arenatv_ab12',
  lastSeenAt: null,
  revokedAt: null,
  createdAt: '2026-11-26T10:00:00.000Z',
};

describe('DisplaysPage', () => {
  it('creates a display and shows its TV address once, as text and as a QR code', async () => {
    sessionStore.start('token-1');
    let displays: Display[] = [];
    const bodies: unknown[] = [];
    mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe({ user: { role: 'admin' } })),
      'GET /api/contests': () => jsonResponse(200, [buildContest()]),
      'GET /api/displays': () => jsonResponse(200, displays),
      'POST /api/displays': ({ body }) => {
        bodies.push(body);
        displays = [stored];
        return jsonResponse(201, {
          display: stored,
          token: 'arenatv_ab12.secret',
          url: '/tv#token=arenatv_ab12.secret',
        });
      },
    });
    const { user } = renderApp('/admin/displays');
    await user.click(await screen.findByRole('button', { name: 'New display' }));
    await user.type(screen.getByLabelText('Name'), 'Sales floor TV');
    const seconds = screen.getByLabelText('Seconds per screen');
    await user.clear(seconds);
    await user.type(seconds, '30');
    await user.click(screen.getByRole('button', { name: 'Add a screen' }));
    await user.selectOptions(screen.getByLabelText('Screen 1: contest'), 'contest-1');
    await user.selectOptions(screen.getByLabelText('Screen 1: shows'), 'team_race');
    await user.click(screen.getByRole('button', { name: 'Create display' }));

    expect(await screen.findByTestId('display-url')).toHaveTextContent(
      `${window.location.origin}/tv#token=arenatv_ab12.secret`,
    );
    expect(bodies).toEqual([
      {
        name: 'Sales floor TV',
        rotationSeconds: 30,
        playlist: [{ contestId: 'contest-1', screen: 'team_race' }],
      },
    ]);
    const qr = await screen.findByRole('img', { name: /QR code/ });
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);

    const list = screen.getByRole('list', { name: 'Displays' });
    expect(await within(list).findByText('Sales floor TV')).toBeInTheDocument();
    expect(within(list).getByText('November Call Blitz · Team race')).toBeInTheDocument();
    expect(within(list).queryByText(/secret/)).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByText(/secret/)).not.toBeInTheDocument());
  });

  it('checks the form before sending and revokes only after confirming', async () => {
    sessionStore.start('token-1');
    let displays: Display[] = [stored];
    mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe({ user: { role: 'admin' } })),
      'GET /api/contests': () => jsonResponse(200, [buildContest()]),
      'GET /api/displays': () => jsonResponse(200, displays),
      'DELETE /api/displays/d1': () => {
        displays = [{ ...stored, revokedAt: '2026-11-26T11:00:00.000Z' }];
        return jsonResponse(200, displays[0]);
      },
    });
    const { user } = renderApp('/admin/displays');
    await user.click(await screen.findByRole('button', { name: 'New display' }));
    await user.click(screen.getByRole('button', { name: 'Create display' }));
    expect(screen.getByText('Add at least one screen.')).toBeInTheDocument();
    expect(screen.getByText('Give the display a name, e.g. Sales floor TV.')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Revoke Sales floor TV' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke Sales floor TV?' });
    await user.click(within(dialog).getByRole('button', { name: 'Revoke Sales floor TV' }));
    expect(await screen.findByText('Revoked')).toBeInTheDocument();
  });
});
