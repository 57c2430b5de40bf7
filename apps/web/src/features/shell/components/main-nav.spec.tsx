import type { Role } from '@arena/contracts';
import { screen, within } from '@testing-library/react';
import { sessionStore } from '../../../shared/api/session-store';
import { buildMe } from '../../../../test/build-me';
import { jsonResponse } from '../../../../test/json-response';
import { mockApi } from '../../../../test/mock-api';
import { renderApp } from '../../../../test/render-app';

function signInAs(role: Role) {
  sessionStore.start('token-1');
  mockApi({ 'GET /api/me': () => jsonResponse(200, buildMe({ user: { role } })) });
}

async function navLabels(): Promise<string[]> {
  const nav = await screen.findByRole('navigation', { name: 'Main' });
  return within(nav)
    .getAllByRole('link')
    .map((link) => link.textContent ?? '');
}

describe('MainNav', () => {
  it.each<[Role, string[]]>([
    ['rep', ['Home', 'Leaderboards', 'Recognition', 'Coaching']],
    ['manager', ['Home', 'Leaderboards', 'Recognition', 'Contests', 'Coaching', 'Insights']],
    ['admin', ['Home', 'Leaderboards', 'Recognition', 'Contests', 'Coaching', 'Insights', 'Admin']],
  ])('shows a %s their sections', async (role, expected) => {
    signInAs(role);
    renderApp('/');

    expect(await navLabels()).toEqual(expected);
  });

  it('marks the current section', async () => {
    signInAs('manager');
    renderApp('/coaching');

    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Coaching' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    expect(within(nav).getByRole('link', { name: 'Home' })).not.toHaveAttribute('aria-current');
    expect(screen.getByRole('heading', { level: 1, name: 'Coaching' })).toBeInTheDocument();
  });

  it("tells a rep who opens a manager's page that it is not for them", async () => {
    signInAs('rep');
    renderApp('/contests');

    expect(
      await screen.findByRole('heading', { name: "This page isn't available to you" }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/contest designer/)).not.toBeInTheDocument();
  });

  it('shows the org, the user and their role in the header', async () => {
    signInAs('manager');
    renderApp('/');

    const header = await screen.findByRole('banner');
    expect(within(header).getByText('Acme Sales')).toBeInTheDocument();
    expect(within(header).getByText('Ada Lovelace')).toBeInTheDocument();
    expect(within(header).getByText('Manager')).toBeInTheDocument();
  });
});
