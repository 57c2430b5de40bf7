/**
 * The socket.io event map of the `/live` namespace (SPEC §5). It types both the server's
 * `Server<…>` and the client's `Socket<…>`; the payloads are filled in by the live-update work.
 */
export const LIVE_NAMESPACE = '/live';

export interface LiveHandshakeAuth {
  /** A user access token or a display token. */
  token: string;
}

export interface LiveError {
  ok: false;
  error: string;
}

export interface ServerToClientEvents {
  /** Sent once after the handshake, so a client knows who the server thinks it is. */
  ready: (payload: { principal: 'user' | 'display'; orgId: string }) => void;
}

// Empty until the live-update work adds `subscribe`/`unsubscribe`; a type alias, not an
// interface, so that the empty map is not flagged as a needless interface.
export type ClientToServerEvents = Record<never, never>;
