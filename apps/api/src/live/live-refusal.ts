import type { LiveRefusal } from '@arena/contracts';

/**
 * A refused `/live` handshake: socket.io sends the message and `data` (with its error `code`,
 * the same vocabulary as the HTTP API) to the client's `connect_error`.
 */
export class LiveRefusalError extends Error {
  constructor(
    message: string,
    readonly data: LiveRefusal,
  ) {
    super(message);
  }
}
