import { screen, within } from '@testing-library/react';
import { vi } from 'vitest';
import { sessionStore } from '../../../shared/api/session-store';
import { buildBoard, buildContest, entry } from '../../../../test/build-board';
import { buildMe } from '../../../../test/build-me';
import { buildBadge, buildRecognition } from '../../../../test/build-recognition';
import { FakeLiveSocket } from '../../../../test/fake-live-socket';
import { jsonResponse } from '../../../../test/json-response';
import { mockApi } from '../../../../test/mock-api';
import { renderApp } from '../../../../test/render-app';

const socket = vi.hoisted(() => ({ current: null as unknown }));
vi.mock('../../../shared/live/use-live-socket', () => ({ useLiveSocket: () => socket.current }));

const board = buildBoard(1, [entry('sofia', 'Sofia', 1, 30), entry('user-1', 'Ada', 2, 20)]);

function api(role: 'manager' | 'rep', create: Parameters<typeof mockApi>[0][string]) {
  return mockApi({
    'GET /api/me': () => jsonResponse(200, buildMe({ user: { role } })),
    'GET /api/contests/contest-1': () => jsonResponse(200, buildContest()),
    'GET /api/contests/contest-1/leaderboard': () => jsonResponse(200, board),
    'GET /api/contests': () => jsonResponse(200, [buildContest()]),
    'GET /api/badges': () =>
      jsonResponse(200, [
        buildBadge(),
        buildBadge({ id: 'old', name: 'Retired One', retiredAt: '2026-11-02T00:00:00.000Z' }),
      ]),
    'POST /api/recognitions': create,
  });
}

describe('Awarding from a leaderboard row', () => {
  beforeEach(() => {
    const fake = new FakeLiveSocket();
    fake.nextAck = () => ({ ok: true, leaderboard: board });
    socket.current = fake;
    sessionStore.start('token-1');
  });

  it('sends the badge, message, contest and prize, and shows field errors next to the fields', async () => {
    const bodies: unknown[] = [];
    api('manager', ({ body }) => {
      bodies.push(body);
      return bodies.length === 1
        ? jsonResponse(400, {
            statusCode: 400,
            error: 'Bad Request',
            message: 'Invalid input',
            errors: [{ field: 'prize', messages: ['prize must be at most 200 characters'] }],
          })
        : jsonResponse(201, buildRecognition());
    });
    const { user } = renderApp('/leaderboards/contest-1');
    await user.click(await screen.findByRole('button', { name: 'Award Sofia' }));
    const dialog = await screen.findByRole('dialog', { name: 'Recognise Sofia' });
    expect(within(dialog).queryByText('Retired One')).not.toBeInTheDocument();
    await user.click(await within(dialog).findByRole('radio', { name: 'Deal Closer' }));
    await user.type(within(dialog).getByLabelText('Message'), 'Great close');
    await user.type(within(dialog).getByLabelText('Prize (optional)'), 'x'.repeat(3));
    await user.click(within(dialog).getByRole('button', { name: 'Award badge' }));

    expect(await within(dialog).findByText('Must be at most 200 characters')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Prize (optional)')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(bodies[0]).toEqual({
      recipientUserId: 'sofia',
      badgeId: 'badge-1',
      message: 'Great close',
      contestId: 'contest-1',
      prize: 'xxx',
    });

    await user.click(within(dialog).getByRole('button', { name: 'Award badge' }));
    expect(await within(dialog).findByRole('status')).toHaveTextContent(
      '🤝 Deal Closer awarded to Sofia.',
    );
  });

  it('asks for a badge and a message before sending anything', async () => {
    const create = vi.fn(() => jsonResponse(201, buildRecognition()));
    api('manager', create);
    const { user } = renderApp('/leaderboards/contest-1');
    await user.click(await screen.findByRole('button', { name: 'Award Sofia' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Award badge' }));
    expect(within(dialog).getByText('Choose a badge.')).toBeInTheDocument();
    expect(within(dialog).getByText('Say what it is for.')).toBeInTheDocument();
    expect(create).not.toHaveBeenCalled();
  });

  it('lets a rep send kudos to others, never to themselves, and shows the rate limit', async () => {
    api('rep', () =>
      jsonResponse(429, {
        statusCode: 429,
        code: 'rate_limited',
        error: 'Too Many Requests',
        message: 'You have sent 20 kudos in the last hour. Try again later.',
      }),
    );
    const { user } = renderApp('/leaderboards/contest-1');
    await screen.findByRole('button', { name: 'Kudos to Sofia' });
    expect(screen.queryByRole('button', { name: /Kudos to Ada/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Kudos to Sofia' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).queryByText('Badge')).not.toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('Message'), 'Nice one');
    await user.click(within(dialog).getByRole('button', { name: 'Send kudos' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'You have sent 20 kudos in the last hour. Try again later.',
    );
  });
});
