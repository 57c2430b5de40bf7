import type { ErrorCode, IsoDateTime } from './common';
import type {
  BreakdownLine,
  Contest,
  Leaderboard,
  LeaderboardEntry,
  ParticipantRef,
} from './contests';
import { compareNames } from './names';
import type { RecognitionEvent } from './recognition';

/**
 * The socket.io event map of the `/live` namespace (SPEC §5). It types both the server's
 * `Namespace<…>` and the client's `Socket<…>`.
 */
export const LIVE_NAMESPACE = '/live';

/** Leaderboard updates of one contest are coalesced into at most one per this window. */
export const LIVE_COALESCE_MS = 250;

export interface LiveHandshakeAuth {
  /** A user access token or a display token. */
  token: string;
}

/** A refused subscribe or unsubscribe: the same `code` as the HTTP API would answer. */
export interface LiveError {
  ok: false;
  code: ErrorCode;
  error: string;
}

export interface SubscribeRequest {
  contestId: string;
}

/** The REST leaderboard with its `seq`: apply later updates with a higher seq on top of it. */
export type SubscribeAck = { ok: true; leaderboard: Leaderboard } | LiveError;

export type UnsubscribeAck = { ok: true } | LiveError;

/**
 * How one participant's entry changed since update `seq − 1`: its id and only the fields that
 * changed. A participant new to the board comes with every field, `participant` included.
 */
export interface LeaderboardEntryPatch {
  /** The participant's id. */
  id: string;
  /** For a participant new to the board (or renamed). */
  participant?: ParticipantRef;
  rank?: number;
  /** When the rank changed: previous rank − new rank (positive: moved up); 0 for a newcomer. */
  movement?: number;
  points?: number;
  goalReached?: boolean;
  /** The whole breakdown, when any line of it changed. */
  breakdown?: BreakdownLine[];
}

/**
 * What changed since update `seq − 1`: a patch for every entry whose rank, points, goal or
 * breakdown changed, and the participants that left the board. A client that holds `seq − 1`
 * applies it (`applyLeaderboardUpdate`); one that sees a gap re-subscribes for a fresh snapshot.
 */
export interface LeaderboardUpdate {
  contestId: string;
  seq: number;
  entries: LeaderboardEntryPatch[];
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

/**
 * One contest's feed for one coalescing window: the latest few activities (oldest first) and how
 * many were recorded in the window, so a ticker can say "and 37 more".
 */
export interface LiveActivityBatch {
  contestId: string;
  activities: LiveActivity[];
  /** Activities recorded in the window, `activities` included. */
  total: number;
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
  ready: (payload: { principal: 'user' | 'display'; orgId: string; release: string }) => void;
  leaderboard: (update: LeaderboardUpdate) => void;
  activity: (batch: LiveActivityBatch) => void;
  celebration: (celebration: Celebration) => void;
  recognition: (event: RecognitionEvent) => void;
  /** To a display: its playlist changed (reload the config) or an admin revoked it. */
  display: (event: { change: 'updated' | 'revoked'; message: string }) => void;
  contest: (event: ContestEvent) => void;
  /**
   * Updates from other instances may have been missed (their shared channel, Redis, was down and
   * is back): re-subscribe to every contest followed, for fresh snapshots.
   */
  resync: (event: LiveResync) => void;
  /** Sent once before the server ends a connection that sent more than its budget of events. */
  throttled: (event: { code: Extract<ErrorCode, 'rate_limited'>; message: string }) => void;
}

export interface LiveResync {
  reason: 'fan-out-restored';
  /** Spread the re-subscriptions over this many ms (random delay), so they do not arrive at once. */
  spreadMs: number;
}

/**
 * `data` of every `connect_error` the server sends. Refused for a budget (too many connections or
 * attempts from one address, a flood's cool-down, too many handshakes at once), it carries
 * `retryAfterMs`: try again after it. Refused for the credential (`unauthenticated`,
 * `session_ended`), retrying with the same token is pointless: sign in again.
 */
export type LiveRefusal =
  | {
      code: Extract<
        ErrorCode,
        'rate_limited' | 'too_many_connections' | 'cooling_down' | 'unavailable'
      >;
      retryAfterMs: number;
    }
  // `retryAfterMs?: never` lets a client read `data.retryAfterMs` without narrowing first.
  | {
      code: Extract<ErrorCode, 'unauthenticated' | 'session_ended' | 'internal'>;
      retryAfterMs?: never;
    };

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
  const byId = new Map(board.entries.map((entry) => [entry.participant.id, entry]));
  for (const id of update.removed) byId.delete(id);
  let reorder = update.removed.length > 0;
  for (const patch of update.entries) {
    const old = byId.get(patch.id);
    const participant = patch.participant ?? old?.participant;
    if (!participant) return 'gap'; // a patch for an entry this board never had
    byId.set(patch.id, {
      rank: patch.rank ?? old?.rank ?? 0,
      participant,
      points: patch.points ?? old?.points ?? 0,
      goalReached: patch.goalReached ?? old?.goalReached ?? false,
      breakdown: patch.breakdown ?? old?.breakdown ?? [],
    });
    reorder ||= patch.rank !== undefined || patch.participant !== undefined;
  }
  const entries = [...byId.values()];
  if (reorder) entries.sort(compareEntries);
  return { contestId: board.contestId, seq: update.seq, entries, total: update.total };
}

/** Board order: by rank, ties by name, then id (SPEC §3). */
export function compareEntries(a: LeaderboardEntry, b: LeaderboardEntry): number {
  return a.rank - b.rank || compareNames(a.participant, b.participant);
}
