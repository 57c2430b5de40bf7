import { onlineManager, useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { queryKeys } from '../../../shared/api/query-keys';
import { serverReachability } from '../../../shared/api/server-reachability';
import { fetchHealth } from '../api/fetch-health';

export type ServerStatus = 'ok' | 'offline' | 'unreachable' | 'degraded';

/** While something is wrong, check often so the banner goes away soon after the server is back. */
const CHECK_INTERVAL_MS = { healthy: 60_000, unhealthy: 5_000 } as const;

/**
 * Whether the API can be reached and is healthy: any request's network failure and a periodic
 * `GET /api/health` both feed it.
 */
export function useServerStatus() {
  const online = useSyncExternalStore(
    (listener) => onlineManager.subscribe(listener),
    () => onlineManager.isOnline(),
  );
  const reachability = useSyncExternalStore(
    serverReachability.subscribe,
    serverReachability.getSnapshot,
  );
  const health = useQuery({
    queryKey: queryKeys.health(),
    queryFn: ({ signal }) => fetchHealth(signal),
    retry: false,
    refetchInterval: (query) =>
      reachability === 'unreachable' || query.state.data?.status === 'unavailable'
        ? CHECK_INTERVAL_MS.unhealthy
        : CHECK_INTERVAL_MS.healthy,
  });

  const status: ServerStatus = !online
    ? 'offline'
    : reachability === 'unreachable'
      ? 'unreachable'
      : health.data?.status === 'unavailable'
        ? 'degraded'
        : 'ok';

  return {
    status,
    checking: health.isFetching,
    checkNow: () => void health.refetch(),
  };
}
