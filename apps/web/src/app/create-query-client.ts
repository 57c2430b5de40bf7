import { QueryClient } from '@tanstack/react-query';
import { ApiRequestError } from '../shared/api/api-request-error';
import { ServerUnreachableError } from '../shared/api/server-unreachable-error';

/** Retry what may pass (outages, server errors); never what will not (4xx answers). */
function shouldRetry(failureCount: number, error: Error): boolean {
  if (error instanceof ServerUnreachableError) return failureCount < 2;
  if (error instanceof ApiRequestError) return error.status >= 500 && failureCount < 1;
  return false;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    // `always`: run requests even when the browser says it is offline, so that a failure reaches
    // the UI as "can't reach the server" instead of a request silently paused behind a spinner.
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 30_000, networkMode: 'always' },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
}
