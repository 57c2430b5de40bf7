import type { LeaderboardEntry } from '@arena/contracts';

export type Fairness = {
  /** Participants with any points. */
  scoring: number;
  participants: number;
  /** Share (0…1) of all points held by the leader; null when nobody scored. */
  leaderShare: number | null;
  /** Distinct participants placed in the top 3 (ties included). */
  inTopThree: number;
  /** One sentence for the manager, or null when nothing stands out. */
  warning: string | null;
};

/** A quick read of whether a design gives more than one rep a chance. */
export function fairness(entries: readonly LeaderboardEntry[]): Fairness {
  const total = entries.reduce((sum, entry) => sum + entry.points, 0);
  const scoring = entries.filter((entry) => entry.points > 0).length;
  const leader = entries.reduce((best, entry) => Math.max(best, entry.points), 0);
  const leaderShare = total > 0 ? leader / total : null;
  const inTopThree = entries.filter((entry) => entry.points > 0 && entry.rank <= 3).length;
  let warning: string | null = null;
  if (entries.length > 0 && scoring === 0) {
    warning = 'Nobody would have scored: check the rules against what your reps log.';
  } else if (leaderShare !== null && entries.length > 2 && leaderShare > 0.5) {
    warning = `The leader would hold ${Math.round(leaderShare * 100)}% of all points: a daily cap on the top activity spreads the race.`;
  } else if (entries.length > 3 && scoring < entries.length / 2) {
    warning = `Only ${scoring} of ${entries.length} participants would score: weight activities more reps do.`;
  }
  return { scoring, participants: entries.length, leaderShare, inTopThree, warning };
}
