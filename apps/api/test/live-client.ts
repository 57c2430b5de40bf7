import {
  applyLeaderboardUpdate,
  LIVE_NAMESPACE,
  type ClientToServerEvents,
  type Leaderboard,
  type LeaderboardUpdate,
  type LiveRefusal,
  type LiveWindow,
  type ServerToClientEvents,
  type SubscribeAck,
} from '@arena/contracts';
import { io, type Socket } from 'socket.io-client';

export type LiveClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The `ws` WebSocket under a socket.io client, as far as closing it goes. */
type RawWebSocket = {
  readyState: number;
  readonly CLOSED: number;
  once(event: 'close', listener: () => void): void;
};
/** Each client's current WebSocket: closing one ends only once the server has answered. */
const rawSockets = new WeakMap<LiveClientSocket, RawWebSocket>();

/**
 * Closes the clients and resolves once their connections are closed. `socket.close()` only starts
 * the WebSocket closing handshake, and until the server's answer arrives a timer of `ws` (30 s)
 * keeps the process alive: a test file that ended there would hold its Jest worker open.
 */
export async function closeLive(sockets: LiveClientSocket[]): Promise<void> {
  await Promise.all(
    sockets.map((socket) => {
      const raw = rawSockets.get(socket);
      const closed =
        raw && raw.readyState !== raw.CLOSED
          ? new Promise<void>((resolve) => raw.once('close', resolve))
          : Promise.resolve();
      socket.close();
      return closed;
    }),
  );
}

/** A real socket.io client on `/live`; resolves once connected, rejects with the server's refusal. */
export function connectLive(
  baseUrl: string,
  token: string | undefined,
  options: { reconnection?: boolean; headers?: Record<string, string> } = {},
): Promise<LiveClientSocket> {
  const socket: LiveClientSocket = io(`${baseUrl}${LIVE_NAMESPACE}`, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    extraHeaders: options.headers,
    reconnection: options.reconnection ?? false,
    reconnectionDelay: 100,
    reconnectionDelayMax: 1000,
    forceNew: true,
  });
  // On every (re)connection: the WebSocket engine.io opened for it.
  socket.io.on('open', () => {
    const raw = (socket.io.engine?.transport as { ws?: RawWebSocket } | undefined)?.ws;
    if (raw) rawSockets.set(socket, raw);
  });
  return new Promise((resolve, reject) => {
    const refused = (error: Error) => void closeLive([socket]).then(() => reject(error));
    socket.once('connect_error', refused);
    socket.once('connect', () => {
      // Later connection errors belong to reconnection, which keeps trying.
      socket.off('connect_error', refused);
      resolve(socket);
    });
  });
}

/** The server's refusal of a handshake: its message and `data` (with the error code). */
export async function refusalOf(
  connecting: Promise<LiveClientSocket>,
): Promise<Error & { data?: LiveRefusal }> {
  return connecting.then(
    (socket) => {
      socket.close();
      throw new Error('the connection was accepted');
    },
    (refused: Error & { data?: LiveRefusal }) => refused,
  );
}

/**
 * The next `event` on `socket` whose payload passes `match`; rejects after `timeoutMs` (a guard,
 * not a wait: it resolves as soon as the event arrives).
 */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: LiveClientSocket,
  event: E,
  match: (...payload: Parameters<ServerToClientEvents[E]>) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler as never);
      reject(new Error(`no matching ${String(event)} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (...payload: Parameters<ServerToClientEvents[E]>) => {
      if (!match(...payload)) return;
      clearTimeout(timer);
      socket.off(event, handler as never);
      resolve(payload[0]);
    };
    socket.on(event, handler as never);
  });
}

export function subscribe(
  socket: LiveClientSocket,
  contestId: string,
  window?: LiveWindow,
): Promise<SubscribeAck> {
  return socket
    .timeout(5000)
    .emitWithAck('subscribe', window ? { contestId, window } : { contestId });
}

/**
 * Follows one contest's board the way every client must (SPEC §5): start from the subscribe
 * snapshot, apply updates in seq order, re-subscribe on a gap, on a `resync` and after every
 * reconnect. A subscribe without an ack in time is sent again (once the socket is connected, if
 * it was lost): the board is never left behind without a re-subscribe. A refusal is kept in
 * `error` (and thrown by `follow`).
 */
export class FollowedBoard {
  board: Leaderboard | null = null;
  readonly updates: LeaderboardUpdate[] = [];
  /** Snapshots taken: the first, then one per gap, `resync` or reconnect. */
  resyncs = 0;
  /** Connections lost and made again (each costs a resync): load can end one (ping timeout). */
  reconnects = 0;
  /** Updates that did not apply on top of the board (each costs a resync). */
  gaps = 0;
  /** The last resync refused, if any. */
  error: Error | null = null;
  /** Disconnect reasons seen, for a failure's message. */
  readonly disconnects: string[] = [];
  /** Test hook: updates to lose on purpose, to provoke a gap. */
  dropNext = 0;
  private early: LeaderboardUpdate[] = [];
  private readonly watchers = new Set<() => boolean>();
  /** The resync under way, and whether another was asked for meanwhile (it then runs after it). */
  private syncing: Promise<void> | null = null;
  private again = false;

  constructor(
    readonly socket: LiveClientSocket,
    readonly contestId: string,
    readonly window?: LiveWindow,
  ) {
    socket.on('leaderboard', (update) => this.onUpdate(update));
    socket.on('disconnect', (reason) => this.disconnects.push(reason));
    // Every connection after the first — by the manager's reconnection or a manual `connect()`.
    socket.on('connect', () => {
      this.reconnects++;
      this.resyncInBackground();
    });
    // Updates may be missing (the fan-out was down, or the server lost one): a fresh snapshot.
    socket.on('resync', () => this.resyncInBackground());
  }

  static async follow(
    socket: LiveClientSocket,
    contestId: string,
    window?: LiveWindow,
  ): Promise<FollowedBoard> {
    const followed = new FollowedBoard(socket, contestId, window);
    await followed.resync();
    return followed;
  }

  /**
   * A fresh snapshot. Resyncs run one at a time; one asked for while another is under way runs
   * after it (its snapshot may predate what made it necessary). Rejects only if the first
   * snapshot of `follow` is refused.
   */
  resync(): Promise<void> {
    if (this.syncing) {
      this.again = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      try {
        do {
          this.again = false;
          await this.snapshot();
        } while (this.again);
      } finally {
        this.syncing = null;
      }
    })();
    return this.syncing;
  }

  private resyncInBackground(): void {
    this.resync().catch((error: Error) => (this.error = error));
  }

  private async snapshot(): Promise<void> {
    this.board = null;
    for (;;) {
      if (!this.socket.connected) return; // the next 'connect' resyncs
      const ack = await subscribe(this.socket, this.contestId, this.window).catch(
        (error: Error) => ({ ok: false as const, code: 'timeout', error: error.message }),
      );
      if (ack.ok) {
        this.board = ack.leaderboard;
        break;
      }
      // Refused (no access, a bad window, too many subscribes) is an answer; no ack is not.
      if (ack.code !== 'timeout') throw new Error(ack.error);
    }
    this.resyncs++;
    const early = this.early;
    this.early = [];
    for (const update of early) this.onUpdate(update);
    this.changed();
  }

  /**
   * Resolves once the board satisfies `predicate`: checked now and after every change to it (a
   * snapshot or an applied update), never on a clock; rejects after `timeoutMs`.
   */
  until(predicate: (board: Leaderboard) => boolean, timeoutMs = 10_000): Promise<Leaderboard> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!this.board || !predicate(this.board)) return false;
        clearTimeout(timer);
        this.watchers.delete(check);
        resolve(this.board);
        return true;
      };
      const timer = setTimeout(() => {
        this.watchers.delete(check);
        reject(
          new Error(
            `board of ${this.contestId} did not reach the expected state (resyncs ${this.resyncs}, gaps ${this.gaps}, ` +
              `disconnects ${JSON.stringify(this.disconnects)}, error ${this.error?.message}): ${JSON.stringify(this.board)}`,
          ),
        );
      }, timeoutMs);
      if (!check()) this.watchers.add(check);
    });
  }

  private changed(): void {
    for (const check of [...this.watchers]) check();
  }

  private onUpdate(update: LeaderboardUpdate): void {
    if (update.contestId !== this.contestId) return;
    if (this.dropNext > 0) {
      this.dropNext--;
      return;
    }
    this.updates.push(update);
    if (!this.board) {
      this.early.push(update); // arrived while the snapshot was on its way
      return;
    }
    const next = applyLeaderboardUpdate(this.board, update);
    if (next === 'gap') {
      this.gaps++;
      this.resyncInBackground();
    } else if (next !== 'stale') {
      this.board = next;
      this.changed();
    }
  }
}
