import {
  LIVE_NAMESPACE,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@arena/contracts';
import { io, type Socket } from 'socket.io-client';

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
