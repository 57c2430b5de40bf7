import { act, screen, waitFor, within } from '@testing-library/react';
import { vi } from 'vitest';
import { sessionStore } from '../../../shared/api/session-store';
import { buildBoard, buildContest, entry } from '../../../../test/build-board';
import { buildMe } from '../../../../test/build-me';
import { FakeLiveSocket } from '../../../../test/fake-live-socket';
import { jsonResponse } from '../../../../test/json-response';
import { mockApi } from '../../../../test/mock-api';
import { renderApp } from '../../../../test/render-app';

const socket = vi.hoisted(() => ({ current: null as unknown }));
vi.mock('../../../shared/live/use-live-socket', () => ({ useLiveSocket: () => socket.current }));

function rowOrder(): string[] {
  const list = screen.getByRole('list', { name: 'Participants by rank' });
  return within(list)
    .getAllByRole('listitem')
    .map((item) => item.getAttribute('data-participant') ?? '');
}

describe('ContestLeaderboardPage', () => {
  let fake: FakeLiveSocket;

  beforeEach(() => {
    fake = new FakeLiveSocket();
    socket.current = fake;
    sessionStore.start('token-1');
    const rest = buildBoard(3, [entry('sofia', 'Sofia', 1, 30), entry('user-1', 'Ada', 2, 20)]);
    fake.nextAck = () => ({
      ok: true,
      leaderboard: buildBoard(4, [entry('sofia', 'Sofia', 1, 30), entry('user-1', 'Ada', 2, 25)]),
    });
    mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe({ user: { role: 'manager' } })),
      'GET /api/contests/contest-1': () => jsonResponse(200, buildContest()),
      'GET /api/contests/contest-1/leaderboard': () => jsonResponse(200, rest),
    });
  });

  it('follows live updates without a reload and shows who moved', async () => {
    renderApp('/leaderboards/contest-1');
    expect(
      await screen.findByText('Updating live', { selector: '[role="status"]' }),
    ).toBeInTheDocument();
    expect(rowOrder()).toEqual(['sofia', 'user-1']);

    act(() =>
      fake.serverSends('leaderboard', {
        contestId: 'contest-1',
        seq: 5,
        entries: [
          { id: 'user-1', rank: 1, movement: 1, points: 75 },
          { id: 'sofia', rank: 2, movement: -1 },
        ],
        removed: [],
        total: 2,
      }),
    );

    await waitFor(() => expect(rowOrder()).toEqual(['user-1', 'sofia']));
    expect(screen.getByTitle('Up 1 place')).toBeInTheDocument();
    expect(screen.getByTitle('Down 1 place')).toBeInTheDocument();
    expect(screen.getByText('Ada')).toBeInTheDocument();
  });

  it('re-subscribes for a snapshot after a gap, and says so while the socket is away', async () => {
    renderApp('/leaderboards/contest-1');
    await screen.findByText('Updating live', { selector: '[role="status"]' });
    expect(fake.subscribes()).toBe(1);

    fake.nextAck = () => ({
      ok: true,
      leaderboard: buildBoard(9, [entry('user-1', 'Ada', 1, 90), entry('sofia', 'Sofia', 2, 30)]),
    });
    act(() =>
      fake.serverSends('leaderboard', {
        contestId: 'contest-1',
        seq: 8,
        entries: [{ id: 'sofia', points: 31 }],
        removed: [],
        total: 2,
      }),
    );
    expect(fake.subscribes()).toBe(2);
    await waitFor(() => expect(rowOrder()).toEqual(['user-1', 'sofia']));

    act(() => fake.serverSends('disconnect'));
    expect(screen.getByText('Reconnecting…', { selector: '[role="status"]' })).toBeInTheDocument();
    act(() => fake.serverSends('connect'));
    expect(fake.subscribes()).toBe(3);
    expect(
      await screen.findByText('Updating live', { selector: '[role="status"]' }),
    ).toBeInTheDocument();
  });
});
