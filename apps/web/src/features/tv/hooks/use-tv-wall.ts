import {
  LIVE_NAMESPACE,
  applyLeaderboardUpdate,
  type Celebration,
  type ContestEvent,
  type DisplayConfig,
  type Leaderboard,
  type LeaderboardUpdate,
  type LiveActivity,
  type LiveActivityBatch,
  type Recognition,
  type RecognitionEvent,
} from '@arena/contracts';
import { useEffect, useReducer, useState } from 'react';
import { io } from 'socket.io-client';
import type { LiveSocket } from '../../../shared/live/live-socket';
import {
  DisplayRevokedError,
  REVOKED_MESSAGE,
  fetchContestRecognitions,
  fetchDisplayConfig,
} from '../api/display-api';
import { prependBounded } from '../model/bounded';
import {
  emptyCelebrationQueue,
  enqueueCelebration,
  finishTakeOver,
  takeOverSeconds,
  type CelebrationQueue,
} from '../model/celebration-queue';
import { markOffline, markOnline, type OfflineSince } from '../model/offline-badge';
import { shouldReloadForRelease } from '../model/release-check';

/** Activities kept for the tickers, across the playlist's contests. */
export const MAX_ACTIVITIES = 40;
/** Recognitions kept per contest for the wall. */
export const MAX_RECOGNITIONS = 12;

export type TvPhase = 'loading' | 'ready' | 'revoked';

export interface TvWallState {
  phase: TvPhase;
  revokedMessage: string;
  config: DisplayConfig | null;
  boards: Readonly<Record<string, Leaderboard>>;
  activities: LiveActivity[];
  recognitions: Readonly<Record<string, Recognition[]>>;
  offlineSince: OfflineSince;
}

const initialState: TvWallState = {
  phase: 'loading',
  revokedMessage: REVOKED_MESSAGE,
  config: null,
  boards: {},
  activities: [],
  recognitions: {},
  offlineSince: null,
};

type Action =
  | { type: 'config'; config: DisplayConfig }
  | { type: 'revoked'; message: string }
  | { type: 'board'; board: Leaderboard }
  | { type: 'activities'; activities: LiveActivity[] }
  | { type: 'recognitions'; contestId: string; recognitions: Recognition[] }
  | { type: 'recognition'; event: RecognitionEvent }
  | { type: 'contest'; event: ContestEvent }
  | { type: 'offline'; now: Date }
  | { type: 'online' };

function playlistContestIds(config: DisplayConfig | null): string[] {
  return [...new Set(config?.playlist.map((item) => item.contestId) ?? [])];
}

function onlyKeys<T>(record: Readonly<Record<string, T>>, keys: string[]): Record<string, T> {
  return Object.fromEntries(keys.filter((key) => key in record).map((key) => [key, record[key]]));
}

/** The wall's data, one pure step per event: boards, tickers and walls stay bounded. */
export function tvWallReducer(state: TvWallState, action: Action): TvWallState {
  if (state.phase === 'revoked') return state;
  switch (action.type) {
    case 'config': {
      // Contests that left the playlist leave memory with it.
      const ids = playlistContestIds(action.config);
      return {
        ...state,
        phase: 'ready',
        config: action.config,
        boards: onlyKeys(state.boards, ids),
        recognitions: onlyKeys(state.recognitions, ids),
        activities: state.activities.filter((activity) =>
          activity.contestIds.some((id) => ids.includes(id)),
        ),
      };
    }
    case 'revoked':
      return { ...initialState, phase: 'revoked', revokedMessage: action.message };
    case 'board':
      if (!playlistContestIds(state.config).includes(action.board.contestId)) return state;
      return { ...state, boards: { ...state.boards, [action.board.contestId]: action.board } };
    case 'activities':
      return {
        ...state,
        activities: prependBounded(state.activities, action.activities, MAX_ACTIVITIES),
      };
    case 'recognitions':
      return {
        ...state,
        recognitions: {
          ...state.recognitions,
          [action.contestId]: action.recognitions.slice(0, MAX_RECOGNITIONS),
        },
      };
    case 'recognition': {
      const { recognition, change } = action.event;
      const contestId = recognition.contest?.id;
      if (!contestId || !playlistContestIds(state.config).includes(contestId)) return state;
      const current = state.recognitions[contestId] ?? [];
      const next =
        change === 'retracted'
          ? current.filter((item) => item.id !== recognition.id)
          : prependBounded(current, [recognition], MAX_RECOGNITIONS);
      return { ...state, recognitions: { ...state.recognitions, [contestId]: next } };
    }
    case 'contest': {
      if (!state.config) return state;
      const { contest } = action.event;
      return {
        ...state,
        config: {
          ...state.config,
          playlist: state.config.playlist.map((item) =>
            item.contestId === contest.id ? { ...item, contest } : item,
          ),
        },
      };
    }
    case 'offline':
      return { ...state, offlineSince: markOffline(state.offlineSince, action.now) };
    case 'online':
      return { ...state, offlineSince: markOnline() };
  }
}

type QueueAction = { type: 'celebration'; celebration: Celebration } | { type: 'finished' };

function queueReducer(queue: CelebrationQueue, action: QueueAction): CelebrationQueue {
  return action.type === 'celebration'
    ? enqueueCelebration(queue, action.celebration)
    : finishTakeOver(queue);
}

/** Backoff for re-reading the config while the server is away: 1 s, 2 s, 4 s … 30 s, jittered. */
function backoffMs(attempt: number): number {
  const base = Math.min(30_000, 1000 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

type TvWallOptions = {
  /** Called when the server runs a newer web app than this page (default: reload the page). */
  onNewRelease?: () => void;
};

/**
 * Everything an unattended TV wall needs from the server, with its display token: the config,
 * live boards, activity tickers, recognitions and celebrations; reconnects and resyncs on its
 * own, reloads after a new release and stops for good when an admin revokes it.
 */
export function useTvWall(token: string | null, options: TvWallOptions = {}) {
  const [state, dispatch] = useReducer(tvWallReducer, initialState);
  const [queue, dispatchQueue] = useReducer(queueReducer, emptyCelebrationQueue);
  const [onNewRelease] = useState(() => options.onNewRelease ?? (() => window.location.reload()));

  useEffect(() => {
    if (!token) return;
    let disposed = false;
    let stopped = false;
    let loadedRelease: string | null = null;
    let config: DisplayConfig | null = null;
    const boards = new Map<string, Leaderboard>();
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let retryAttempt = 0;
    let resyncTimer: ReturnType<typeof setTimeout> | undefined;

    const socket: LiveSocket = io(LIVE_NAMESPACE, {
      auth: { token },
      transports: ['websocket'],
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
      randomizationFactor: 0.5,
    });

    const stop = (message: string) => {
      if (stopped) return;
      stopped = true;
      clearTimeout(retryTimer);
      socket.disconnect();
      dispatch({ type: 'revoked', message });
    };

    const checkRelease = (release: string) => {
      if (loadedRelease === null) loadedRelease = release;
      else if (shouldReloadForRelease(loadedRelease, release)) {
        stopped = true;
        socket.disconnect();
        onNewRelease();
      }
    };

    const subscribe = (contestId: string) => {
      socket.emit('subscribe', { contestId }, (ack) => {
        if (disposed || stopped || !ack.ok) return;
        boards.set(contestId, ack.leaderboard);
        dispatch({ type: 'board', board: ack.leaderboard });
      });
    };

    /** Fresh config, snapshots and recognitions: on open, on every reconnect, on 'updated'. */
    const sync = async () => {
      clearTimeout(retryTimer);
      try {
        const next = await fetchDisplayConfig(token);
        if (disposed || stopped) return;
        retryAttempt = 0;
        config = next;
        checkRelease(next.release);
        if (stopped) return;
        dispatch({ type: 'config', config: next });
        const ids = playlistContestIds(next);
        for (const id of [...boards.keys()]) if (!ids.includes(id)) boards.delete(id);
        if (socket.connected) ids.forEach(subscribe);
        await Promise.all(
          ids.map(async (contestId) => {
            const items = await fetchContestRecognitions(token, contestId, MAX_RECOGNITIONS);
            if (!disposed && !stopped) {
              dispatch({ type: 'recognitions', contestId, recognitions: items });
            }
          }),
        );
      } catch (error) {
        if (disposed || stopped) return;
        if (error instanceof DisplayRevokedError) return stop(error.message);
        // The server is away (or restarting): keep the last board and try again later.
        dispatch({ type: 'offline', now: new Date() });
        retryTimer = setTimeout(() => void sync(), backoffMs(retryAttempt++));
      }
    };

    socket.on('connect', () => {
      dispatch({ type: 'online' });
      void sync();
    });
    socket.on('ready', (ready) => checkRelease(ready.release));
    socket.on('disconnect', (reason) => {
      if (stopped) return;
      dispatch({ type: 'offline', now: new Date() });
      // The server ended the connection on purpose: find out why before trying again.
      if (reason === 'io server disconnect') {
        void sync().then(() => {
          if (!disposed && !stopped) socket.connect();
        });
      }
    });
    socket.on('connect_error', () => {
      if (stopped) return;
      dispatch({ type: 'offline', now: new Date() });
      // A refused handshake may be a revoked token: the config request says which; anything
      // else is retried (socket.io gives up on refused handshakes by itself).
      if (!socket.active) {
        void sync().then(() => {
          if (disposed || stopped || socket.active) return;
          retryTimer = setTimeout(() => socket.connect(), backoffMs(retryAttempt++));
        });
      }
    });
    socket.io.on('reconnect_attempt', () => {
      // While the server is unreachable, one probe per attempt tells "revoked" from "away".
      if (!stopped && config)
        void fetchDisplayConfig(token).catch((error: unknown) => {
          if (error instanceof DisplayRevokedError) stop(error.message);
        });
    });
    socket.on('leaderboard', (update: LeaderboardUpdate) => {
      const board = boards.get(update.contestId);
      if (!board) return;
      const next = applyLeaderboardUpdate(board, update);
      if (next === 'stale') return;
      if (next === 'gap') return subscribe(update.contestId);
      boards.set(update.contestId, next);
      dispatch({ type: 'board', board: next });
    });
    socket.on('activity', (batch: LiveActivityBatch) => {
      if (batch.activities.length === 0) return;
      dispatch({ type: 'activities', activities: batch.activities });
    });
    socket.on('celebration', (celebration) => dispatchQueue({ type: 'celebration', celebration }));
    socket.on('recognition', (event) => dispatch({ type: 'recognition', event }));
    socket.on('contest', (event) => dispatch({ type: 'contest', event }));
    // Updates from other server instances may have been missed: fresh snapshots, spread out.
    socket.on('resync', (event) => {
      clearTimeout(resyncTimer);
      resyncTimer = setTimeout(() => void sync(), Math.random() * event.spreadMs);
    });
    socket.on('display', (event) => {
      if (event.change === 'revoked') stop(event.message || REVOKED_MESSAGE);
      else void sync();
    });

    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      clearTimeout(resyncTimer);
      socket.removeAllListeners();
      socket.io.removeAllListeners();
      socket.disconnect();
    };
  }, [token, onNewRelease]);

  // A take-over stays up for its time, then the next one (or a summary) takes its place.
  const showing = queue.showing;
  useEffect(() => {
    if (!showing) return;
    const timer = setTimeout(
      () => dispatchQueue({ type: 'finished' }),
      takeOverSeconds(showing) * 1000,
    );
    return () => clearTimeout(timer);
  }, [showing]);

  return { ...state, takeOver: showing, waitingCelebrations: queue.waiting.length };
}
