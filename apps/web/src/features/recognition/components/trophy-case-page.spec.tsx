import { screen, within } from '@testing-library/react';
import { vi } from 'vitest';
import { sessionStore } from '../../../shared/api/session-store';
import { buildMe } from '../../../../test/build-me';
import { buildRecognition } from '../../../../test/build-recognition';
import { FakeLiveSocket } from '../../../../test/fake-live-socket';
import { jsonResponse } from '../../../../test/json-response';
import { mockApi } from '../../../../test/mock-api';
import { renderApp } from '../../../../test/render-app';

const socket = vi.hoisted(() => ({ current: null as unknown }));
vi.mock('../../../shared/live/use-live-socket', () => ({ useLiveSocket: () => socket.current }));

const trophyCase = (id: string, name: string) => ({
  user: { id, name, teamId: null },
  badges: [
    {
      badge: buildRecognition().badge,
      count: 3,
      lastAwardedAt: '2026-11-26T10:00:00.000Z',
    },
  ],
  kudosReceived: 7,
  recent: [buildRecognition({ message: 'Great close' })],
});

describe('TrophyCasePage', () => {
  beforeEach(() => {
    socket.current = new FakeLiveSocket();
    sessionStore.start('token-1');
  });

  it('shows my badges with counts, kudos received and recent recognition, from the home page', async () => {
    mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe()),
      'GET /api/contests': () => jsonResponse(200, []),
      'GET /api/users/user-1/trophy-case': () => jsonResponse(200, trophyCase('user-1', 'Ada')),
    });
    const { user } = renderApp('/');
    await user.click(await screen.findByRole('link', { name: /My trophy case/ }));
    expect(await screen.findByRole('heading', { name: 'My trophy case' })).toBeInTheDocument();
    const badges = screen.getByRole('list', { name: 'Badges' });
    expect(within(badges).getByText('Deal Closer').parentElement).toHaveTextContent('× 3');
    expect(screen.getByTestId('kudos-count')).toHaveTextContent('7');
    expect(screen.getByText('“Great close”')).toBeInTheDocument();
    // Nobody sends kudos to themselves.
    expect(screen.queryByRole('button', { name: 'Send kudos' })).not.toBeInTheDocument();
  });

  it('lets a rep send kudos from a colleague’s trophy case', async () => {
    mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe()),
      'GET /api/badges': () => jsonResponse(200, []),
      'GET /api/contests': () => jsonResponse(200, []),
      'GET /api/users/sofia/trophy-case': () => jsonResponse(200, trophyCase('sofia', 'Sofia')),
    });
    const { user } = renderApp('/recognition/people/sofia');
    await user.click(await screen.findByRole('button', { name: 'Send kudos' }));
    const dialog = await screen.findByRole('dialog', { name: 'Recognise Sofia' });
    expect(within(dialog).getByRole('button', { name: 'Send kudos' })).toBeInTheDocument();
  });
});
