/** The request never got an answer from the API: the network is down or the server is. */
export class ServerUnreachableError extends Error {
  override readonly name = 'ServerUnreachableError';

  constructor(options?: { cause?: unknown }) {
    super("Can't reach the Arena server. Check your connection and try again.", options);
  }
}
