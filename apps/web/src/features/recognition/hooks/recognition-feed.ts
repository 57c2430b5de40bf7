import type { Page, Recognition, RecognitionEvent } from '@arena/contracts';
import type { InfiniteData } from '@tanstack/react-query';
import type { RecognitionFilter } from '../api/recognition-api';

export type FeedData = InfiniteData<Page<Recognition>, number>;

/**
 * Whether a new recognition belongs in a feed with this filter: `true`, `false`, or `'unknown'`
 * when only the server can tell (a team filter also covers the team's members).
 */
export function matchesFilter(
  recognition: Recognition,
  filter: RecognitionFilter,
): boolean | 'unknown' {
  if (filter.contestId && recognition.contest?.id !== filter.contestId) return false;
  if (filter.userId) {
    return recognition.recipient.kind === 'user' && recognition.recipient.id === filter.userId;
  }
  if (filter.teamId) {
    if (recognition.recipient.kind === 'team') return recognition.recipient.id === filter.teamId;
    return 'unknown';
  }
  return true;
}

/**
 * Applies a live `recognition` event to the feed's pages: an award goes on top (once, however
 * often it arrives), a retraction replaces the card in place so it shows as retracted. Answers
 * `'refetch'` when the feed cannot tell whether the award belongs in it.
 */
export function applyRecognitionEvent(
  data: FeedData,
  event: RecognitionEvent,
  filter: RecognitionFilter,
): FeedData | 'refetch' {
  const { recognition } = event;
  const present = data.pages.some((page) => page.items.some((item) => item.id === recognition.id));
  if (present) {
    return {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        items: page.items.map((item) => (item.id === recognition.id ? recognition : item)),
      })),
    };
  }
  if (event.change === 'retracted') return data; // never loaded here: nothing to change
  const match = matchesFilter(recognition, filter);
  if (match === 'unknown') return 'refetch';
  if (!match || data.pages.length === 0) return data;
  const [first, ...rest] = data.pages;
  return {
    ...data,
    pages: [
      { ...first, items: [recognition, ...first.items], total: first.total + 1 },
      ...rest.map((page) => ({ ...page, total: page.total + 1 })),
    ],
  };
}
