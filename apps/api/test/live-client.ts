import {
  applyLeaderboardUpdate,
  LIVE_NAMESPACE,
  type ClientToServerEvents,
  type Leaderboard,
  type LeaderboardUpdate,
  type LiveRefusal,
  type ServerToClientEvents,
  type SubscribeAck,
} from '@arena/contracts';
import { io, type Socket } from 'socket.io-client';

export type LiveClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

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
  return new Promise((resolve, reject) => {
    const refused = (error: Error) => {
      socket.close();
      reject(error);
    };
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

export function subscribe(socket: LiveClientSocket, contestId: string): Promise<SubscribeAck> {
  return socket.timeout(5000).emitWithAck('subscribe', { contestId });
}

/**
 * Follows one contest's board the way every client must (SPEC §5): start from the subscribe
 * snapshot, apply updates in seq order, re-subscribe on a gap and after a reconnect.
 */
export class FollowedBoard {
  board: Leaderboard | null = null;
  readonly updates: LeaderboardUpdate[] = [];
  resyncs = 0;
  /** Test hook: updates to lose on purpose, to provoke a gap. */
  dropNext = 0;
  private early: LeaderboardUpdate[] = [];

  constructor(
    readonly socket: LiveClientSocket,
    readonly contestId: string,
  ) {
    socket.on('leaderboard', (update) => this.onUpdate(update));
    socket.io.on('reconnect', () => void this.resync());
    // The server's fan-out was down and is back: what other instances sent may be missing.
    socket.on('resync', () => void this.resync());
  }

  static async follow(socket: LiveClientSocket, contestId: string): Promise<FollowedBoard> {
    const followed = new FollowedBoard(socket, contestId);
    await followed.resync();
    return followed;
  }

  async resync(): Promise<void> {
    this.board = null;
    const ack = await subscribe(this.socket, this.contestId);
    if (!ack.ok) throw new Error(ack.error);
    this.board = ack.leaderboard;
    this.resyncs++;
    const early = this.early;
    this.early = [];
    for (const update of early) this.onUpdate(update);
  }

  /** Waits, polling with a deadline, until the board satisfies `predicate`. */
  async until(
    predicate: (board: Leaderboard) => boolean,
    timeoutMs = 10_000,
  ): Promise<Leaderboard> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.board && predicate(this.board)) return this.board;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(
      `board of ${this.contestId} did not reach the expected state: ${JSON.stringify(this.board)}`,
    );
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
    if (next === 'gap') void this.resync();
    else if (next !== 'stale') this.board = next;
  }
}
