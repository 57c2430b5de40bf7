import type { ContestStatus } from '@arena/contracts';

/** The lifecycle (SPEC §2): draft until published, then by the clock; archived overrides all. */
export function contestStatus(
  contest: { publishedAt: Date | null; archivedAt: Date | null; startsAt: Date; endsAt: Date },
  now: Date,
): ContestStatus {
  if (contest.archivedAt) return 'archived';
  if (!contest.publishedAt) return 'draft';
  if (now < contest.startsAt) return 'scheduled';
  if (now < contest.endsAt) return 'live';
  return 'ended';
}
