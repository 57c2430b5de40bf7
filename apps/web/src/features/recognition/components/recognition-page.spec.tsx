import { act, screen, within } from '@testing-library/react';
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

const page = (items: ReturnType<typeof buildRecognition>[], total = items.length, offset = 0) =>
  jsonResponse(200, { items, total, limit: 20, offset });

describe('RecognitionPage', () => {
  let fake: FakeLiveSocket;

  beforeEach(() => {
    fake = new FakeLiveSocket();
    socket.current = fake;
    sessionStore.start('token-1');
  });

  it('shows the feed and applies live awards and retractions without a reload', async () => {
    const fetchMock = mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe()),
      'GET /api/contests': () => jsonResponse(200, []),
      'GET /api/recognitions': () => page([buildRecognition({ id: 'old', message: 'First' })]),
    });
    renderApp('/recognition');
    const feed = await screen.findByRole('feed', { name: 'Recognition feed' });
    expect(await within(feed).findByText('“First”')).toBeInTheDocument();
    const calls = fetchMock.mock.calls.length;

    act(() =>
      fake.serverSends('recognition', {
        change: 'awarded',
        recognition: buildRecognition({ id: 'new', message: 'Live one' }),
      }),
    );
    expect(await within(feed).findByText('“Live one”')).toBeInTheDocument();
    expect(within(feed).getAllByRole('article')[0]).toHaveTextContent('Live one');

    act(() =>
      fake.serverSends('recognition', {
        change: 'retracted',
        recognition: buildRecognition({
          id: 'new',
          message: 'Live one',
          retractedAt: '2026-11-26T11:00:00.000Z',
          retractedBy: { id: 'maya', name: 'Maya Chen' },
          retractionReason: 'Wrong rep',
        }),
      }),
    );
    expect(await within(feed).findByText('Retracted by Maya Chen: Wrong rep')).toBeInTheDocument();
    expect(fetchMock.mock.calls.length).toBe(calls);
  });

  it('loads more, a page at a time', async () => {
    mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe()),
      'GET /api/contests': () => jsonResponse(200, []),
      'GET /api/recognitions': () => page([buildRecognition({ id: 'a', message: 'One' })], 2),
    });
    const { user } = renderApp('/recognition');
    await screen.findByText('“One”');
    mockApi({
      'GET /api/recognitions': () => page([buildRecognition({ id: 'b', message: 'Two' })], 2, 1),
    });
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('“Two”')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('celebrates in the app shell', async () => {
    mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe()),
      'GET /api/contests': () => jsonResponse(200, []),
      'GET /api/recognitions': () => page([]),
    });
    renderApp('/recognition');
    await screen.findByText('Nothing here yet.');
    act(() =>
      fake.serverSends('celebration', {
        id: 'c1',
        kind: 'goal_reached',
        contestId: 'contest-1',
        participant: { id: 'sofia', kind: 'user', name: 'Sofia Rossi' },
        message: 'Sofia Rossi reached the goal of 1,500 points',
        at: '2026-11-26T10:00:00.000Z',
      }),
    );
    expect(
      await screen.findByText(/Sofia Rossi reached the goal of 1,500 points/),
    ).toBeInTheDocument();
  });
});
