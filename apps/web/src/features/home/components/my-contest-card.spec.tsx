import type { Leaderboard } from '@arena/contracts';
import { screen, waitFor, within } from '@testing-library/react';
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

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

const activity = {
  id: 'act-1',
  userId: 'user-1',
  type: 'demo',
  quantity: 1,
  occurredAt: '2026-11-26T10:00:00.000Z',
  recordedAt: '2026-11-26T10:00:00.000Z',
  source: 'manual',
  externalId: null,
  note: null,
  recordedBy: 'user-1',
  apiKeyId: null,
  voidedAt: null,
  voidedBy: null,
  voidReason: null,
  duplicate: false,
};

describe('MyContestCard', () => {
  let board: Leaderboard;
  const boardWith = (seq: number, mine: number) =>
    buildBoard(
      seq,
      mine > 30
        ? [entry('user-1', 'Ada', 1, mine), entry('sofia', 'Sofia', 2, 30)]
        : [entry('sofia', 'Sofia', 1, 30), entry('user-1', 'Ada', 2, mine)],
    );

  beforeEach(() => {
    const fake = new FakeLiveSocket();
    board = boardWith(3, 20);
    fake.nextAck = () => ({ ok: true, leaderboard: board });
    socket.current = fake;
    sessionStore.start('token-1');
  });

  it('shows a logged activity at once, then the server’s figure; undo voids it', async () => {
    const recording = deferred();
    const voiding = deferred();
    const api = mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe()),
      'GET /api/contests': () => jsonResponse(200, [buildContest()]),
      'GET /api/activity-types': () =>
        jsonResponse(200, [
          {
            id: 't1',
            key: 'call',
            label: 'Call',
            category: 'activity',
            unit: 'count',
            active: true,
          },
          {
            id: 't2',
            key: 'demo',
            label: 'Demo',
            category: 'activity',
            unit: 'count',
            active: true,
          },
        ]),
      'GET /api/contests/contest-1/leaderboard': () => jsonResponse(200, board),
      'POST /api/activities': async () => {
        await recording.promise;
        board = boardWith(4, 70);
        return jsonResponse(201, activity);
      },
      'POST /api/activities/act-1/void': async () => {
        await voiding.promise;
        board = boardWith(5, 20);
        return jsonResponse(200, { ...activity, voidedAt: '2026-11-26T10:01:00.000Z' });
      },
    });
    const { user } = renderApp('/');
    const card = await screen.findByRole('article', { name: 'November Call Blitz' });
    const points = () => within(card).getByTestId('my-points').querySelector('.visually-hidden');
    await waitFor(() => expect(points()).toHaveTextContent('20'));
    expect(within(card).getByTestId('my-rank')).toHaveTextContent('2 of 2');
    expect(within(card).getByText('10 to go')).toBeInTheDocument();

    // Two taps: the type, then "Log".
    await user.click(within(card).getByRole('button', { name: /^Demo/ }));
    await user.click(within(card).getByRole('button', { name: 'Log 1 demo (+50 pts)' }));
    expect(points()).toHaveTextContent('70');
    expect(within(card).getByText(/saving…/)).toBeInTheDocument();
    expect(within(card).getByText('You lead')).toBeInTheDocument();
    expect(within(card).getByTestId('my-rank')).toHaveTextContent('1 of 2');

    recording.resolve();
    const undo = await within(card).findByRole('button', { name: 'Undo' });
    expect(within(card).getByTestId('my-rank')).toHaveTextContent('1 of 2');
    expect(points()).toHaveTextContent('70');
    const posted = api.mock.calls.find(
      ([url, init]) => String(url).endsWith('/api/activities') && init?.method === 'POST',
    );
    expect(JSON.parse(String(posted?.[1]?.body))).toEqual({ type: 'demo', quantity: 1 });

    await user.click(undo);
    expect(points()).toHaveTextContent('20');
    expect(within(card).getByTestId('my-rank')).toHaveTextContent('2 of 2');
    voiding.resolve();
    expect(await within(card).findByText(/1 demo · undone/)).toBeInTheDocument();
    expect(points()).toHaveTextContent('20');
  });

  it('says so when the server refuses, and takes the estimate back', async () => {
    mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe()),
      'GET /api/contests': () => jsonResponse(200, [buildContest()]),
      'GET /api/activity-types': () => jsonResponse(200, []),
      'GET /api/contests/contest-1/leaderboard': () => jsonResponse(200, board),
      'POST /api/activities': () =>
        jsonResponse(400, {
          statusCode: 400,
          error: 'Bad Request',
          message: 'You are not in this contest any more.',
        }),
    });
    const { user } = renderApp('/');
    const card = await screen.findByRole('article', { name: 'November Call Blitz' });
    await user.click(within(card).getByRole('button', { name: /^call/ }));
    await user.click(within(card).getByRole('button', { name: 'Log 1 call (+10 pts)' }));
    expect(
      await within(card).findByText(/not logged: You are not in this contest any more/),
    ).toBeInTheDocument();
    const points = within(card).getByTestId('my-points').querySelector('.visually-hidden');
    expect(points).toHaveTextContent('20');
  });
});
