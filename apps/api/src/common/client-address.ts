import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { TrustProxy } from '../config/app-config';

/**
 * The client's address by the same rule as Express's `req.ip` (TRUST_PROXY), for places Express
 * does not reach, such as the websocket handshake.
 */
export function clientAddressOf(trust: TrustProxy): (request: IncomingMessage) => string {
  const trusted =
    trust === false
      ? () => false
      : typeof trust === 'number'
        ? (_address: string, hop: number) => hop < trust
        : proxyaddr.compile(trust);
  return (request) => proxyaddr(request, trusted);
}
