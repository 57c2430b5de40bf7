import type { IsoDateTime } from './common';
import type { Contest, Leaderboard, LeaderboardEntry, ParticipantRef } from './contests';

/**
 * The socket.io event map of the `/live` namespace (SPEC §5). It types both the server's
 * `Namespace<…>` and the client's `Socket<…>`.
 */
export const LIVE_NAMESPACE = '/live';

/** Leaderboard updates of one contest are coalesced into at most one per this window. */
export const LIVE_COALESCE_MS = 150;

export interface LiveHandshakeAuth {
  /** A user access token or a display token. */
  token: string;
}

export interface LiveError {
  ok: false;
  error: string;
}

export interface SubscribeRequest {
  contestId: string;
}

/** The REST leaderboard with its `seq`: apply later updates with a higher seq on top of it. */
export type SubscribeAck = { ok: true; leaderboard: Leaderboard } | LiveError;

export type UnsubscribeAck = { ok: true } | LiveError;

export interface LeaderboardEntryUpdate extends LeaderboardEntry {
  /** The rank in the previous update; null for an entry that just appeared. */
  previousRank: number | null;
  /** previousRank − rank: positive moved up, negative moved down, 0 unchanged or new. */
  movement: number;
}

/**
 * What changed since update `seq − 1`: every entry whose rank, points, goal or breakdown
 * changed (each in full), and the participants that left the board. A client that holds
 * `seq − 1` applies it; one that sees a gap re-subscribes for a fresh snapshot.
 */
export interface LeaderboardUpdate {
  contestId: string;
  seq: number;
  entries: LeaderboardEntryUpdate[];
  removed: string[];
  total: number;
}

/** Who logged what, for feeds and tickers. */
export interface LiveActivity {
  id: string;
  contestIds: string[];
  userId: string;
  userName: string;
  type: string;
  quantity: number;
  occurredAt: IsoDateTime;
}

export const CELEBRATION_KINDS = ['deal_won', 'goal_reached', 'new_leader', 'badge'] as const;
export type CelebrationKind = (typeof CELEBRATION_KINDS)[number];

/** Worth taking over a TV wall for. */
export interface Celebration {
  id: string;
  kind: CelebrationKind;
  contestId: string | null;
  participant: ParticipantRef;
  /** A sentence for the screen, e.g. "Sofia Rossi reached the goal of 1,500 points". */
  message: string;
  at: IsoDateTime;
}

export const CONTEST_CHANGES = ['published', 'edited', 'started', 'ended', 'archived'] as const;
export type ContestChange = (typeof CONTEST_CHANGES)[number];

export interface ContestEvent {
  contestId: string;
  change: ContestChange;
  contest: Contest;
}

export interface ServerToClientEvents {
  /** Sent once after the handshake, so a client knows who the server thinks it is. */
  ready: (payload: { principal: 'user' | 'display'; orgId: string }) => void;
  leaderboard: (update: LeaderboardUpdate) => void;
  activity: (activity: LiveActivity) => void;
  celebration: (celebration: Celebration) => void;
  contest: (event: ContestEvent) => void;
}

export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (result: SubscribeAck) => void) => void;
  unsubscribe: (request: SubscribeRequest, ack: (result: UnsubscribeAck) => void) => void;
}

/**
 * The protocol's one rule, for every client: apply an update on top of the board it follows.
 * Answers the new board, `'stale'` for an update the board already includes, or `'gap'` when
 * updates were missed — then the client re-subscribes for a fresh snapshot.
 */
export function applyLeaderboardUpdate(
  board: Leaderboard,
  update: LeaderboardUpdate,
): Leaderboard | 'stale' | 'gap' {
  if (update.seq <= board.seq) return 'stale';
  if (update.seq !== board.seq + 1) return 'gap';
  const gone = new Set(update.removed);
  const changed = new Map(update.entries.map((entry) => [entry.participant.id, entry]));
  const entries: LeaderboardEntry[] = board.entries
    .filter((entry) => !gone.has(entry.participant.id) && !changed.has(entry.participant.id))
    .concat(
      update.entries.map(({ previousRank: _previous, movement: _movement, ...entry }) => entry),
    )
    .sort((a, b) => a.rank - b.rank || a.participant.name.localeCompare(b.participant.name, 'en'));
  return { contestId: board.contestId, seq: update.seq, entries, total: update.total };
}
