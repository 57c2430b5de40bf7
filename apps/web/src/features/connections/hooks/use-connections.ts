import type { Connection } from '@arena/contracts';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../shared/api/query-keys';
import { fetchConnection, fetchConnections, fetchPresets } from '../api/connections-api';

/** Busy connections (a backfill, a run, queued deliveries) refresh every 2 s; idle ones every 15 s. */
const refreshEvery = (connections: Connection[] | undefined) =>
  (connections ?? []).some(
    (c) => c.health.queued > 0 || c.sync?.running || (c.sync && c.sync.phase === 'backfill'),
  )
    ? 2000
    : 15_000;

export function useConnections() {
  return useQuery({
    queryKey: queryKeys.connections(),
    queryFn: ({ signal }) => fetchConnections(signal),
    refetchInterval: (query) => refreshEvery(query.state.data),
  });
}

export function useConnection(connectionId: string) {
  return useQuery({
    queryKey: queryKeys.connection(connectionId),
    queryFn: ({ signal }) => fetchConnection(connectionId, signal),
    refetchInterval: (query) => refreshEvery(query.state.data ? [query.state.data] : undefined),
  });
}

export function usePresets() {
  return useQuery({
    queryKey: queryKeys.connectionPresets(),
    queryFn: ({ signal }) => fetchPresets(signal),
    staleTime: Infinity,
  });
}
