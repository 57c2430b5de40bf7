import type { Team } from '@arena/contracts';
import { screen, within } from '@testing-library/react';
import { sessionStore } from '../../../shared/api/session-store';
import { buildMe } from '../../../../test/build-me';
import { jsonResponse } from '../../../../test/json-response';
import { mockApi } from '../../../../test/mock-api';
import { renderApp } from '../../../../test/render-app';

const team: Team = {
  id: 'team-1',
  name: 'Closers',
  memberCount: 4,
  createdAt: '2026-01-05T09:00:00.000Z',
};

describe('HomePage', () => {
  it('greets the user and shows their org, role and team', async () => {
    sessionStore.start('token-1');
    mockApi({
      'GET /api/me': () =>
        jsonResponse(200, buildMe({ user: { role: 'manager', teamId: 'team-1' } })),
      'GET /api/teams/team-1': () => jsonResponse(200, team),
    });
    renderApp('/');

    expect(await screen.findByRole('heading', { level: 1, name: /, Ada$/ })).toBeInTheDocument();
    const main = screen.getByRole('main');
    expect(within(main).getByText('Europe/Amsterdam', { exact: false })).toBeInTheDocument();
    expect(within(main).getByText('Manager')).toBeInTheDocument();
    expect(await within(main).findByText('Closers')).toBeInTheDocument();
    expect(within(main).getByText('You and 3 others')).toBeInTheDocument();
  });

  it("does not ask for a rep's team, which reps may not read", async () => {
    sessionStore.start('token-1');
    const fetchMock = mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe({ user: { role: 'rep', teamId: 'team-1' } })),
    });
    renderApp('/');

    expect(await screen.findByText('On a team')).toBeInTheDocument();
    expect(fetchMock.mock.calls.map(([url]) => String(url))).not.toContain('/api/teams/team-1');
  });

  it('says when the user has no team yet', async () => {
    sessionStore.start('token-1');
    mockApi({ 'GET /api/me': () => jsonResponse(200, buildMe({ user: { role: 'admin' } })) });
    renderApp('/');

    expect(await screen.findByText('No team yet')).toBeInTheDocument();
    expect(screen.getByText(/Create teams and add people to them in Admin/)).toBeInTheDocument();
  });

  it('gives a player-coach (a manager who competes) the rep home to log from; other staff not', async () => {
    sessionStore.start('token-1');
    mockApi({
      'GET /api/me': () =>
        jsonResponse(200, buildMe({ user: { role: 'manager', competes: true } })),
      'GET /api/contests': () => jsonResponse(200, []),
      'GET /api/activity-types': () => jsonResponse(200, []),
    });
    const { unmount } = renderApp('/');
    expect(await screen.findByRole('link', { name: /My trophy case/ })).toBeInTheDocument();
    unmount();

    mockApi({ 'GET /api/me': () => jsonResponse(200, buildMe({ user: { role: 'manager' } })) });
    renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: /, Ada$/ })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /My trophy case/ })).not.toBeInTheDocument();
  });
});
