import { screen, within } from '@testing-library/react';
import { sessionStore } from '../../../shared/api/session-store';
import { buildMe } from '../../../../test/build-me';
import { jsonResponse } from '../../../../test/json-response';
import { mockApi } from '../../../../test/mock-api';
import { renderApp } from '../../../../test/render-app';

const rep = {
  id: 'sofia',
  orgId: 'org-1',
  email: 'sofia@example.com',
  name: 'Sofia Rossi',
  role: 'rep',
  teamId: null,
  active: true,
  competes: true,
  createdAt: '2026-01-05T09:00:00.000Z',
};

describe('InsightsPage', () => {
  it('asks for the chosen rep and period and gives the figures to screen readers', async () => {
    sessionStore.start('token-1');
    const fetchMock = mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe({ user: { role: 'manager' } })),
      'GET /api/users': () => jsonResponse(200, { items: [rep], total: 1, limit: 1000, offset: 0 }),
      'GET /api/teams': () => jsonResponse(200, []),
      'GET /api/insights/activity': () =>
        jsonResponse(200, {
          subject: { kind: 'user', id: 'sofia', name: 'Sofia Rossi' },
          from: '2026-11-25T00:00:00.000Z',
          to: '2026-11-26T12:00:00.000Z',
          timezone: 'Europe/Amsterdam',
          days: [
            { day: '2026-11-25', activities: 4, outcomes: 1, byType: { call: 4, deal_won: 1 } },
            { day: '2026-11-26', activities: 2, outcomes: 0, byType: { call: 2 } },
          ],
          totals: [
            { activityType: 'call', label: 'Calls', category: 'activity', quantity: 6 },
            { activityType: 'deal_won', label: 'Deals won', category: 'outcome', quantity: 1 },
          ],
        }),
    });
    const { user } = renderApp('/insights');
    const days = await screen.findByRole('table', { name: 'Activities and outcomes per day' });
    expect(within(days).getAllByRole('row')).toHaveLength(3);
    expect(
      screen.getByRole('img', { name: /Sofia Rossi, 2 days: activities 6 Calls/ }),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: '7 days' }));
    const urls = fetchMock.mock.calls
      .map(([input]) => new URL(String(input), 'http://localhost'))
      .filter((url) => url.pathname === '/api/insights/activity');
    const last = urls[urls.length - 1];
    expect(last.searchParams.get('userId')).toBe('sofia');
    const spanDays =
      (Date.parse(last.searchParams.get('to')!) - Date.parse(last.searchParams.get('from')!)) /
      86_400_000;
    expect(spanDays).toBeGreaterThan(6);
    expect(spanDays).toBeLessThanOrEqual(7);
  });
});
