import {
  LIVE_MAX_TOP,
  type Leaderboard,
  type LeaderboardUpdate,
  type LiveResync,
  type LiveWindow,
} from '@arena/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { queryKeys } from '../../../shared/api/query-keys';
import { useLiveSocket } from '../../../shared/live/use-live-socket';
import { fetchLeaderboard } from '../../contests/api/contests-api';
import { stepLiveBoard, type Movements } from './live-board';

/** `live`: following updates; `connecting`: first subscribe; `reconnecting`: lost the socket. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

/** A rep's board: the top of it and the few entries around them (their own row included). */
export const BOARD_LIVE_WINDOW: LiveWindow = { top: LIVE_MAX_TOP, around: 'me', aroundCount: 5 };

/**
 * A contest's leaderboard, kept current by the `/live` socket: the REST board first, then the
 * subscribed window's snapshot and every `leaderboard` update applied on top in the query cache;
 * a gap or a reconnect re-subscribes for a fresh snapshot.
 */
export function useLiveLeaderboard(contestId: string, window: LiveWindow = BOARD_LIVE_WINDOW) {
  const queryClient = useQueryClient();
  const socket = useLiveSocket();
  const key = queryKeys.leaderboard(contestId);
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchLeaderboard(contestId, signal),
    // The socket keeps it current; a refetch on focus could only go back in time.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [movements, setMovements] = useState<Movements>({});
  const movementsRef = useRef<Movements>({});
  // Its fields, not its identity, say when the window changes.
  const { top, around, aroundCount } = window;

  useEffect(() => {
    if (!socket) return;
    const queryKey = queryKeys.leaderboard(contestId);
    let disposed = false;

    const subscribe = () => {
      socket.emit('subscribe', { contestId, window: { top, around, aroundCount } }, (ack) => {
        if (disposed) return;
        if (ack.ok) {
          // A REST answer still on its way is older than this snapshot: it must not land on top.
          void queryClient.cancelQueries({ queryKey, exact: true });
          queryClient.setQueryData<Leaderboard>(queryKey, ack.leaderboard);
          setStatus('live');
        } else {
          setStatus('reconnecting');
        }
      });
    };
    const onUpdate = (update: LeaderboardUpdate) => {
      if (update.contestId !== contestId) return;
      const board = queryClient.getQueryData<Leaderboard>(queryKey);
      if (!board) return subscribe();
      const step = stepLiveBoard(board, movementsRef.current, update);
      if (step.kind === 'gap') return subscribe();
      if (step.kind === 'stale') return;
      movementsRef.current = step.movements;
      setMovements(step.movements);
      queryClient.setQueryData<Leaderboard>(queryKey, step.board);
    };
    let resyncTimer: ReturnType<typeof setTimeout> | undefined;
    // Updates from other server instances may have been missed: a fresh snapshot, at a random
    // moment within the spread so that every client does not ask at once.
    const onResync = (event: LiveResync) => {
      clearTimeout(resyncTimer);
      resyncTimer = setTimeout(subscribe, Math.random() * event.spreadMs);
    };
    const onDisconnect = () => setStatus('reconnecting');
    const onConnectError = () => setStatus('reconnecting');

    socket.on('connect', subscribe);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onConnectError);
    socket.on('leaderboard', onUpdate);
    socket.on('resync', onResync);
    if (socket.connected) subscribe();
    return () => {
      disposed = true;
      clearTimeout(resyncTimer);
      socket.off('resync', onResync);
      socket.off('connect', subscribe);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onConnectError);
      socket.off('leaderboard', onUpdate);
      if (socket.connected) socket.emit('unsubscribe', { contestId }, () => undefined);
    };
  }, [socket, contestId, queryClient, top, around, aroundCount]);

  return { board: query.data, error: query.error, isPending: query.isPending, status, movements };
}
