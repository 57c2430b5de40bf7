import type { LeaderboardEntry } from '@arena/contracts';

export type MyStanding = {
  rank: number | null;
  points: number;
  /** Points behind the next better rank; null when first (or alone). */
  behindNext: number | null;
  /** Points still missing to the goal; null without a goal, 0 once reached. */
  toGoal: number | null;
};

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * Where a participant stands on a board, with `extraPoints` (optimistic, not yet scored) added:
 * the rank is the board's until the server says otherwise, the distances use the new points.
 */
export function myStanding(
  entries: readonly LeaderboardEntry[],
  participantId: string,
  goalPoints: number | null | undefined,
  extraPoints = 0,
): MyStanding {
  const mine = entries.find((entry) => entry.participant.id === participantId);
  const points = round2((mine?.points ?? 0) + extraPoints);
  const others = entries.filter((entry) => entry.participant.id !== participantId);
  const better = others.filter((entry) => entry.points > points);
  // The board's rank, unless points it does not know yet move the rep (ranking 1, 2, 2, 4).
  let rank: number | null = better.length + 1;
  if (extraPoints === 0) rank = mine ? mine.rank : null;
  const next = better.length > 0 ? Math.min(...better.map((entry) => entry.points)) : null;
  return {
    rank,
    points,
    behindNext: next === null ? null : Math.max(0, round2(next - points)),
    toGoal: goalPoints ? Math.max(0, round2(goalPoints - points)) : null,
  };
}
