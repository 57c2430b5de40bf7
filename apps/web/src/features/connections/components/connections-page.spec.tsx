import type { Connection, CreateConnectionRequest } from '@arena/contracts';
import { screen, within } from '@testing-library/react';
import { sessionStore } from '../../../shared/api/session-store';
import { buildMe } from '../../../../test/build-me';
import { jsonResponse } from '../../../../test/json-response';
import { mockApi } from '../../../../test/mock-api';
import { renderApp } from '../../../../test/render-app';

const connection = (over: Partial<Connection> = {}): Connection => ({
  id: 'c1',
  name: 'Dialer',
  kind: 'webhook',
  status: 'active',
  mapping: [],
  settings: {},
  credentialsSet: ['signingSecret'],
  webhookUrl: 'https://arena.example/api/hooks/tok',
  sync: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  health: {
    state: 'waiting',
    summary: 'Nothing received yet',
    lastReceivedAt: null,
    lastScoredAt: null,
    lagSeconds: null,
    recordsLastHour: 0,
    errorsLastDay: 0,
    unmatched: 0,
    queued: 0,
  },
  ...over,
});

describe('ConnectionsPage', () => {
  it('connects from a preset, shows a generated secret once, and lists the health figures', async () => {
    sessionStore.start('token-1');
    let listed: Connection[] = [];
    let sent: CreateConnectionRequest | null = null;
    mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe({ user: { role: 'admin' } })),
      'GET /api/connections': () => jsonResponse(200, listed),
      'POST /api/connections': ({ body }) => {
        sent = body as CreateConnectionRequest;
        listed = [
          connection({ name: sent.name, health: { ...connection().health, unmatched: 3 } }),
        ];
        return jsonResponse(201, {
          ...listed[0],
          generatedCredentials: { signingSecret: 's3cr3t-once' },
        });
      },
    });
    const { user } = renderApp('/admin/connections');
    await user.click(await screen.findByRole('radio', { name: 'Webhook (any JSON)' }));
    await user.type(screen.getByLabelText('Name'), 'Dialer');
    await user.click(screen.getByRole('button', { name: 'Connect Webhook (any JSON)' }));

    const created = await screen.findByTestId('created-connection');
    expect(created).toHaveTextContent('s3cr3t-once');
    expect(created).toHaveTextContent('https://arena.example/api/hooks/tok');
    expect(sent).toEqual({ name: 'Dialer', kind: 'webhook', credentials: {} });
    const card = await screen.findByRole('article', { name: 'Dialer' });
    expect(within(card).getByTestId('health-state')).toHaveTextContent('Waiting for data');
    expect(within(card).getByTestId('unmatched-count')).toHaveTextContent('3');
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByText(/s3cr3t-once/)).not.toBeInTheDocument();
  });

  it('shows a backfill in progress', async () => {
    sessionStore.start('token-1');
    mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe({ user: { role: 'admin' } })),
      'GET /api/connections': () =>
        jsonResponse(200, [
          connection({
            name: 'HubSpot',
            kind: 'hubspot',
            webhookUrl: null,
            sync: {
              phase: 'backfill',
              progress: 0.42,
              backfillFrom: '2026-11-01T00:00:00.000Z',
              recordsRead: 1234,
              lastRunAt: null,
              nextRunAt: null,
              rateLimitedUntil: null,
              running: true,
            },
          }),
        ]),
    });
    renderApp('/admin/connections');
    const card = await screen.findByRole('article', { name: 'HubSpot' });
    expect(within(card).getByTestId('backfill-progress')).toHaveTextContent('42%');
    expect(within(card).getByRole('progressbar', { name: 'Backfill' })).toHaveAttribute(
      'aria-valuenow',
      '42',
    );
    expect(within(card).getByRole('button', { name: 'Sync now' })).toBeInTheDocument();
  });
});
