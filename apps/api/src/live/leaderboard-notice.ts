import type { LeaderboardEntry } from '@arena/contracts';

/** One participant whose entry may have changed in a numbered update (individual contests). */
export interface LiveChange {
  id: string;
  /**
   * The participant's name when on the board now: with the points it places the entry exactly
   * in board order (SPEC §3: points, then name, then id), so a window can tell whether the entry
   * landed inside it or beside it within a run of ties. Absent: placed by points alone.
   */
  name?: string;
  /** Points as last broadcast (0 if never broadcast). */
  before: number;
  /** Points now; null when the participant is not on the board. */
  after: number | null;
}

/**
 * What every instance learns when a contest's next update is numbered (through the Redis adapter's
 * server-side events): the new top of the board, its size, and which entries changed — enough
 * for each instance to tell which of its own windows an update touches and to read just those.
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
   * The entries that changed, every one of them moving up or keeping its points; null when
   * anything may have changed (a re-score, a team contest, a score that went down).
   */
  changes: LiveChange[] | null;
}

/** Server-to-server events of the `/live` namespace. */
export interface LiveInterServerEvents {
  'leaderboard-notice': (notice: LeaderboardNotice) => void;
}
