import type { LeaderboardEntry } from '@arena/contracts';

/** One participant whose entry may have changed in a numbered update (individual contests). */
export interface LiveChange {
  id: string;
  /** The entry as it is now (its rank as read then); null when not on the board. */
  entry: LeaderboardEntry | null;
}

/**
 * What every instance learns when a contest's next update is numbered (through the Redis adapter's
 * server-side events): the new top of the board, its size, and the entries that changed — enough
 * for each instance to patch its copy of the board (`BoardMirror`) and cut its windows from it.
 */
export interface LeaderboardNotice {
  orgId: string;
  contestId: string;
  /** The contest definition's `updated_at` (ms), so a cached definition can be checked for free. */
  contestUpdatedAt: number;
  seq: number;
  total: number;
  /** The first `LIVE_MAX_TOP` entries of the board. */
  top: LeaderboardEntry[];
  /**
   * The entries that changed, as they are now; null when anything may have changed (a re-score,
   * a team contest, more changes than a notice carries): the board is read again.
   */
  changes: LiveChange[] | null;
}

/** Server-to-server events of the `/live` namespace. */
export interface LiveInterServerEvents {
  'leaderboard-notice': (notice: LeaderboardNotice) => void;
}
