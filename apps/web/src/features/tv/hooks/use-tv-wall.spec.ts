import type { DisplayConfig } from '@arena/contracts';
import { act, renderHook, waitFor } from '@testing-library/react';
import { vi } from 'vitest';
import { buildBoard, buildContest, entry } from '../../../../test/build-board';
import { FakeLiveSocket } from '../../../../test/fake-live-socket';
import { jsonResponse } from '../../../../test/json-response';
import { mockApi } from '../../../../test/mock-api';
import type { LiveSocketOptions } from '../../../shared/live/live-socket';
import { useTvWall } from './use-tv-wall';

/** The shared live-socket module, with the connection the test plays the server on. */
const live = vi.hoisted(() => ({
  socket: null as unknown,
  acquired: [] as { token: string; options?: LiveSocketOptions }[],
  released: 0,
}));
vi.mock('../../../shared/live/live-socket', async (original) => ({
  ...(await original<typeof import('../../../shared/live/live-socket')>()),
  liveSocket: {
    acquire: (token: string, options?: LiveSocketOptions) => {
      live.acquired.push({ token, options });
      return live.socket;
    },
    release: () => {
      live.released += 1;
    },
  },
}));

const config: DisplayConfig = {
  id: 'display-1',
  name: 'Sales floor TV',
  orgName: 'Northwind',
  rotationSeconds: 300,
  playlist: [{ contestId: 'contest-1', screen: 'leaderboard', contest: buildContest() }],
  release: 'release-1',
};

describe('useTvWall on the shared live socket', () => {
  let socket: FakeLiveSocket;
  beforeEach(() => {
    socket = new FakeLiveSocket();
    socket.connected = false;
    socket.nextAck = () => ({
      ok: true,
      leaderboard: buildBoard(1, [entry('user-1', 'Ada', 1, 10)]),
    });
    live.socket = socket;
    live.acquired = [];
    live.released = 0;
  });
  afterEach(() => vi.unstubAllGlobals());

  it('borrows the display connection, syncs on connect and gives back only its listeners', async () => {
    mockApi({
      'GET /api/display': () => jsonResponse(200, config),
      'GET /api/recognitions': () => jsonResponse(200, { items: [], total: 0 }),
    });
    const { result, unmount } = renderHook(() => useTvWall('arenatv_token'));
    expect(live.acquired).toEqual([
      { token: 'arenatv_token', options: expect.objectContaining({ credential: 'display' }) },
    ]);

    socket.connected = true;
    act(() => socket.serverSends('connect'));
    await waitFor(() => expect(result.current.boards['contest-1']?.seq).toBe(1));
    expect(result.current.phase).toBe('ready');

    act(() => socket.serverSends('disconnect', 'transport close'));
    expect(result.current.offlineSince).not.toBeNull();

    const own = vi.fn();
    socket.on('leaderboard', own);
    unmount();
    expect(live.released).toBe(1);
    // Another borrower's listener stays; the wall's are gone.
    socket.serverSends('leaderboard', { contestId: 'contest-1', seq: 2, entries: [] });
    expect(own).toHaveBeenCalledTimes(1);
    expect(socket.subscribes()).toBe(1);
  });

  it('answers the shared socket’s revoked probe from its config request, and stops', async () => {
    mockApi({
      'GET /api/display': () =>
        jsonResponse(401, { statusCode: 401, code: 'unauthenticated', message: 'Gone for good.' }),
    });
    const { result } = renderHook(() => useTvWall('arenatv_revoked'));
    const { isRevoked } = live.acquired[0].options!;

    let revoked: boolean | undefined;
    await act(async () => {
      revoked = await isRevoked!();
    });
    expect(revoked).toBe(true);
    expect(result.current.phase).toBe('revoked');
    expect(result.current.revokedMessage).toBe('Gone for good.');
    expect(live.released).toBe(1);
  });

  it('tells the probe "not revoked" while the server is away', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    const { result } = renderHook(() => useTvWall('arenatv_away'));
    const { isRevoked } = live.acquired[0].options!;
    await expect(isRevoked!()).resolves.toBe(false);
    expect(result.current.phase).toBe('loading');
  });
});
