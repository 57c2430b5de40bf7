import type { RecognitionEvent } from '@arena/contracts';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { queryKeys } from '../../../shared/api/query-keys';
import { useLiveSocket } from '../../../shared/live/use-live-socket';
import { fetchRecognitions, type RecognitionFilter } from '../api/recognition-api';
import { applyRecognitionEvent, type FeedData } from './recognition-feed';

/**
 * The recognition feed, newest first, a page at a time; live `recognition` events from the
 * shared socket put awards on top and mark retractions in place, without a refetch.
 */
export function useRecognitionFeed(filter: RecognitionFilter) {
  const queryClient = useQueryClient();
  const socket = useLiveSocket();
  const key = queryKeys.recognitionFeed(filter);
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam, signal }) => fetchRecognitions(filter, pageParam, signal),
    initialPageParam: 0,
    getNextPageParam: (last) =>
      last.offset + last.items.length < last.total ? last.offset + last.items.length : undefined,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });

  const { contestId, userId, teamId } = filter;
  useEffect(() => {
    if (!socket) return;
    const current = { contestId, userId, teamId };
    const queryKey = queryKeys.recognitionFeed(current);
    const onRecognition = (event: RecognitionEvent) => {
      const data = queryClient.getQueryData<FeedData>(queryKey);
      if (!data) return;
      const next = applyRecognitionEvent(data, event, current);
      if (next === 'refetch') void queryClient.invalidateQueries({ queryKey, exact: true });
      else queryClient.setQueryData<FeedData>(queryKey, next);
      // Trophy cases count only what is not retracted: they refetch when next shown.
      void queryClient.invalidateQueries({
        queryKey: [...queryKeys.recognitions(), 'trophy-case'],
      });
    };
    // Recognitions sent through another server instance while its fan-out was down: refetch.
    const onResync = () => void queryClient.invalidateQueries({ queryKey, exact: true });
    socket.on('recognition', onRecognition);
    socket.on('resync', onResync);
    return () => {
      socket.off('recognition', onRecognition);
      socket.off('resync', onResync);
    };
  }, [socket, queryClient, contestId, userId, teamId]);

  return { ...query, items: query.data?.pages.flatMap((page) => page.items) ?? [] };
}
