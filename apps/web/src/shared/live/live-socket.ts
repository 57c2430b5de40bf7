import {
  LIVE_NAMESPACE,
  type LiveRefusal,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@arena/contracts';
import { io, type Socket } from 'socket.io-client';
import { sessionStore } from '../api/session-store';

/** The one typed connection to the `/live` namespace (SPEC §5). */
export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveSocketOptions {
  /**
   * Whose token it is. `session` (the default): the signed-in user's; a handshake refused as
   * ended ends the session. `display`: a TV wall's display token, which never touches anybody's
   * session; an unattended wall reconnects forever, with backoff, whatever ended the connection,
   * until `isRevoked` says the token is gone for good.
   */
  credential?: 'session' | 'display';
  /**
   * For `display`: asked before reconnecting after the server refused or ended the connection,
   * and on every reconnection attempt while the server is away; resolving `true` (the display
   * was revoked) stops the reconnecting and closes the connection.
   */
  isRevoked?: () => Promise<boolean>;
}

type Connection = {
  token: string;
  credential: 'session' | 'display';
  socket: LiveSocket;
  users: number;
  close(): void;
};

/** Open connections by token: the session's (at most one) and any display's. */
const connections = new Map<string, Connection>();

/**
 * The shared socket per token: every live hook borrows the same connection and gives it back;
 * the last one to leave closes it, and a new session token closes the old session's. The first
 * to acquire a token chooses its options.
 */
export const liveSocket = {
  acquire(token: string, options: LiveSocketOptions = {}): LiveSocket {
    const credential = options.credential ?? 'session';
    if (credential === 'session') {
      for (const other of connections.values())
        if (other.credential === 'session' && other.token !== token) close(other);
    }
    let connection = connections.get(token);
    if (!connection) {
      connection = credential === 'display' ? openDisplay(token, options) : openSession(token);
      connections.set(token, connection);
    }
    connection.users += 1;
    return connection.socket;
  },

  release(socket: LiveSocket): void {
    const connection = [...connections.values()].find((open) => open.socket === socket);
    if (!connection) return;
    connection.users -= 1;
    if (connection.users <= 0) close(connection);
  },
};

function close(connection: Connection): void {
  if (connections.get(connection.token) === connection) connections.delete(connection.token);
  connection.close();
}

const isOpen = (connection: Connection) => connections.get(connection.token) === connection;

/**
 * Listens to `handlers` on `socket` and returns what removes exactly those listeners: a shared
 * connection outlives each borrower, whose listeners must leave with it (never
 * `removeAllListeners`, which would take the other borrowers' and this module's too).
 */
export function listen(
  socket: LiveSocket,
  handlers: { [E in keyof ServerToClientEvents]?: ServerToClientEvents[E] } & {
    connect?: () => void;
    disconnect?: (reason: Socket.DisconnectReason) => void;
    connect_error?: (error: Error & { data?: LiveRefusal }) => void;
  },
): () => void {
  const entries = Object.entries(handlers).filter(([, handler]) => handler) as [
    string,
    (...args: unknown[]) => void,
  ][];
  const loose = socket as unknown as {
    on(event: string, listener: (...args: unknown[]) => void): void;
    off(event: string, listener: (...args: unknown[]) => void): void;
  };
  for (const [event, handler] of entries) loose.on(event, handler);
  return () => {
    for (const [event, handler] of entries) loose.off(event, handler);
  };
}

/** Delay before reconnection attempt `attempt` (0, 1, …): 1 s, 2 s, 4 s … 30 s, jittered. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** attempt);
  return base / 2 + random() * (base / 2);
}

function openSession(token: string): Connection {
  const socket: LiveSocket = io(LIVE_NAMESPACE, {
    auth: { token },
    transports: ['websocket'],
    reconnectionDelayMax: 5_000,
  });
  const connection: Connection = {
    token,
    credential: 'session',
    socket,
    users: 0,
    close: () => {
      clearTimeout(timer);
      socket.disconnect();
    },
  };
  // socket.io does not retry a handshake the server refused; one refused for a budget (too many
  // attempts from a shared address, a busy server) is worth retrying when the server says, jittered.
  let timer: ReturnType<typeof setTimeout> | undefined;
  socket.on('connect_error', (error: Error & { data?: LiveRefusal }) => {
    endSessionWhenRefused(token, error.data);
    const retryAfterMs = error.data?.retryAfterMs;
    if (socket.active || typeof retryAfterMs !== 'number') return;
    clearTimeout(timer);
    timer = setTimeout(
      () => {
        // Unless it was given back meanwhile.
        if (isOpen(connection)) socket.connect();
      },
      retryAfterMs * (1 + Math.random()),
    );
  });
  socket.on('connect', () => clearTimeout(timer));
  return connection;
}

/**
 * A TV wall's connection. socket.io retries a dropped transport by itself (1 s … 10 s); what it
 * gives up on — a refused handshake, a disconnect by the server — is retried here after
 * `reconnectDelayMs`, for ever, once `isRevoked` has said the display still exists. While the
 * server is away, each attempt asks too, so a display revoked meanwhile stops at once on return.
 */
function openDisplay(token: string, options: LiveSocketOptions): Connection {
  const isRevoked = options.isRevoked ?? (() => Promise.resolve(false));
  const socket: LiveSocket = io(LIVE_NAMESPACE, {
    auth: { token },
    transports: ['websocket'],
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10_000,
    randomizationFactor: 0.5,
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let revoked = false;
  const connection: Connection = {
    token,
    credential: 'display',
    socket,
    users: 0,
    close: () => {
      clearTimeout(timer);
      socket.disconnect();
    },
  };
  const live = () => !revoked && isOpen(connection);
  /** Whether the display is gone; if so, the connection closes for every borrower. */
  const checkRevoked = async () => {
    const gone = await isRevoked().catch(() => false);
    if (gone && !revoked) {
      revoked = true;
      close(connection);
    }
    return gone;
  };
  const reconnectLater = (retryAfterMs?: number) => {
    clearTimeout(timer);
    void checkRevoked().then((gone) => {
      if (gone || !live() || socket.active) return;
      const delay = Math.max(retryAfterMs ?? 0, reconnectDelayMs(attempt++));
      timer = setTimeout(() => {
        if (live() && !socket.active) socket.connect();
      }, delay);
    });
  };
  socket.on('connect', () => {
    attempt = 0;
    clearTimeout(timer);
  });
  socket.on('connect_error', (error: Error & { data?: Partial<LiveRefusal> }) => {
    // socket.io keeps retrying a transport it could not open; a refused handshake it does not.
    if (!socket.active && live()) reconnectLater(error.data?.retryAfterMs);
  });
  socket.on('disconnect', (reason) => {
    // The server ended the connection on purpose: find out whether for good before retrying.
    if (reason === 'io server disconnect' && live()) reconnectLater();
  });
  socket.io.on('reconnect_attempt', () => {
    if (live()) void checkRevoked();
  });
  return connection;
}

/**
 * A handshake refused with `session_ended` means what a 401 from the API means: this token is
 * over (expired, signed out elsewhere, password or role changed, account deactivated), so the
 * session ends, unless the user has meanwhile signed in again with a new token.
 */
export function endSessionWhenRefused(token: string, refusal: LiveRefusal | undefined): void {
  // A token refused as ended, or as not a valid token at all, is no use to keep.
  const refusedToken = refusal?.code === 'session_ended' || refusal?.code === 'unauthenticated';
  if (refusedToken && sessionStore.getToken() === token) {
    sessionStore.end('expired');
  }
}
