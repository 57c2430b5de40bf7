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

let current: { token: string; socket: LiveSocket; users: number } | null = null;

/**
 * The shared socket for this session's token: every live hook borrows the same connection and
 * gives it back; the last one to leave (or a new token) closes it.
 */
export const liveSocket = {
  acquire(token: string): LiveSocket {
    if (current && current.token !== token) {
      current.socket.disconnect();
      current = null;
    }
    if (!current) {
      const socket: LiveSocket = io(LIVE_NAMESPACE, {
        auth: { token },
        transports: ['websocket'],
        reconnectionDelayMax: 5_000,
      });
      retryWhenRefusedForBudget(socket);
      socket.on('connect_error', (error: Error & { data?: LiveRefusal }) =>
        endSessionWhenRefused(token, error.data),
      );
      current = { token, socket, users: 0 };
    }
    current.users += 1;
    return current.socket;
  },

  release(socket: LiveSocket): void {
    if (!current || current.socket !== socket) return;
    current.users -= 1;
    if (current.users <= 0) {
      current.socket.disconnect();
      current = null;
    }
  },
};

/**
 * socket.io does not retry a handshake the server refused; one refused for a budget (too many
 * attempts from a shared address, a busy server) is worth retrying when the server says, jittered.
 */
function retryWhenRefusedForBudget(socket: LiveSocket): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  socket.on('connect_error', (error: Error & { data?: Partial<LiveRefusal> }) => {
    const retryAfterMs = error.data?.retryAfterMs;
    if (socket.active || typeof retryAfterMs !== 'number') return;
    clearTimeout(timer);
    timer = setTimeout(
      () => {
        // Unless it was given back meanwhile.
        if (current?.socket === socket) socket.connect();
      },
      retryAfterMs * (1 + Math.random()),
    );
  });
  socket.on('connect', () => clearTimeout(timer));
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
