import type { PreviewContestRequest } from '@arena/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { queryKeys } from '../../../shared/api/query-keys';
import { previewContest } from '../api/contests-api';

/** How long the designer waits after the last keystroke before asking for a preview. */
export const PREVIEW_DEBOUNCE_MS = 400;

/**
 * The leaderboard the design would have produced, re-asked (debounced) as the manager edits;
 * the previous answer stays on screen while the next one loads. Null: nothing to preview.
 */
export function useContestPreview(request: PreviewContestRequest | null) {
  const serialized = request ? JSON.stringify(request) : null;
  const [debounced, setDebounced] = useState(serialized);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(serialized), PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [serialized]);

  return useQuery({
    queryKey: queryKeys.preview(debounced),
    queryFn: ({ signal }) =>
      previewContest(JSON.parse(debounced as string) as PreviewContestRequest, signal),
    enabled: debounced !== null,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
}
