import {
  type LiveWindow,
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
import { listen, liveSocket, reconnectDelayMs } from '../../../shared/live/live-socket';
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

/** A wall follows the top of each board, as many rows as its screens show (8 at most), not more. */
export const TV_LIVE_WINDOW: LiveWindow = { top: 10 };

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

type TvWallOptions = {
  /** Called when the server runs a newer web app than this page (default: reload the page). */
  onNewRelease?: () => void;
};

/**
 * Everything an unattended TV wall needs from the server, with its display token: the config,
 * live boards, activity tickers, recognitions and celebrations; reconnects and resyncs on its
 * own, reloads after a new release and stops for good when an admin revokes it. The connection
 * is the app's shared live socket (as a display: it reconnects for ever, asking first whether
 * the display was revoked); requests go through the app's API client (display-api).
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
    const boards = new Map<string, Leaderboard>();
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let retryAttempt = 0;
    let resyncTimer: ReturnType<typeof setTimeout> | undefined;

    /** Whether an admin revoked the display (the config request says); stops the wall if so. */
    const isRevoked = async () => {
      try {
        await fetchDisplayConfig(token);
        return false;
      } catch (error) {
        if (!(error instanceof DisplayRevokedError)) return false;
        stop(error.message);
        return true;
      }
    };
    const socket = liveSocket.acquire(token, { credential: 'display', isRevoked });
    let released = false;

    function stop(message: string) {
      if (stopped) return;
      stopped = true;
      clearTimeout(retryTimer);
      clearTimeout(resyncTimer);
      release();
      dispatch({ type: 'revoked', message });
    }

    const checkRelease = (serverRelease: string) => {
      if (loadedRelease === null) loadedRelease = serverRelease;
      else if (shouldReloadForRelease(loadedRelease, serverRelease)) {
        stopped = true;
        release();
        onNewRelease();
      }
    };

    const subscribe = (contestId: string) => {
      socket.emit('subscribe', { contestId, window: TV_LIVE_WINDOW }, (ack) => {
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
        retryTimer = setTimeout(() => void sync(), reconnectDelayMs(retryAttempt++));
      }
    };

    const offline = () => {
      if (!stopped) dispatch({ type: 'offline', now: new Date() });
    };
    const unlisten = listen(socket, {
      connect: () => {
        dispatch({ type: 'online' });
        void sync();
      },
      // The shared socket reconnects by itself (after asking whether the display was revoked).
      disconnect: offline,
      connect_error: offline,
      ready: (ready) => checkRelease(ready.release),
      leaderboard: (update: LeaderboardUpdate) => {
        const board = boards.get(update.contestId);
        if (!board) return;
        const next = applyLeaderboardUpdate(board, update);
        if (next === 'stale') return;
        if (next === 'gap') return subscribe(update.contestId);
        boards.set(update.contestId, next);
        dispatch({ type: 'board', board: next });
      },
      activity: (batch: LiveActivityBatch) => {
        if (batch.activities.length === 0) return;
        dispatch({ type: 'activities', activities: batch.activities });
      },
      celebration: (celebration) => dispatchQueue({ type: 'celebration', celebration }),
      recognition: (event) => dispatch({ type: 'recognition', event }),
      contest: (event) => dispatch({ type: 'contest', event }),
      // Updates from other server instances may have been missed: fresh snapshots, spread out.
      resync: (event) => {
        clearTimeout(resyncTimer);
        resyncTimer = setTimeout(() => void sync(), Math.random() * event.spreadMs);
      },
      display: (event) => {
        if (event.change === 'revoked') stop(event.message || REVOKED_MESSAGE);
        else void sync();
      },
    });
    /** Gives the shared socket back (once): on a revocation, a new release or unmounting. */
    function release() {
      if (released) return;
      released = true;
      unlisten();
      liveSocket.release(socket);
    }
    // Borrowed already connected (another borrower opened it): start as on a connect.
    if (socket.connected) void sync();

    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      clearTimeout(resyncTimer);
      release();
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
