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

/** Most entries of the top of a board a subscriber may follow (`window.top`). */
export const LIVE_MAX_TOP = 100;
/** Most entries above and below a participant a subscriber may follow (`window.aroundCount`). */
export const LIVE_MAX_AROUND = 25;

/**
 * What part of a board a subscriber follows: the first `top` entries and the `aroundCount`
 * entries above and below `around` (a participant id, or `'me'`: the signed-in rep). A signed-in
 * user's own row is always part of the window when they are on the board.
 *
 * Without a window a subscriber follows the top `LIVE_MAX_TOP` entries (and its own row): the
 * whole board of any contest up to that size, as before windows existed.
 */
export interface LiveWindow {
  /** 0–`LIVE_MAX_TOP`; defaults to `LIVE_MAX_TOP` when the window has no `around`, else 0. */
  top?: number;
  around?: string | 'me';
  /** 0–`LIVE_MAX_AROUND`; defaults to 5. */
  aroundCount?: number;
}

export interface SubscribeRequest {
  contestId: string;
  window?: LiveWindow;
}

/**
 * The entries of the subscriber's window (the REST entry shape, in board order) with the board's
 * `total` and `seq`: apply later updates with a higher seq on top of it.
 */
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
 * What changed in the subscriber's window since update `since`: a patch for every entry of the
 * window whose rank, points, goal or breakdown changed (an entry entering the window comes
 * whole), and the participants that left the board or the window. A client that holds `since`
 * applies it (`applyLeaderboardUpdate`); one that sees a gap re-subscribes for a fresh snapshot.
 *
 * Updates are numbered per contest, shared by every subscriber; a window that an update did not
 * touch is not sent it, so the next update it receives says where it applies (`since`).
 */
export interface LeaderboardUpdate {
  contestId: string;
  seq: number;
  /** The update this one applies on top of; `seq − 1` when absent. */
  since?: number;
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
   * Updates may have been missed (from other instances while their shared channel, Redis, was
   * down; or an update this instance failed to work out): re-subscribe to every contest
   * followed, for fresh snapshots.
   */
  resync: (event: LiveResync) => void;
  /** Sent once before the server ends a connection that sent more than its budget of events. */
  throttled: (event: { code: Extract<ErrorCode, 'rate_limited'>; message: string }) => void;
}

export interface LiveResync {
  /**
   * `fan-out-restored`: Redis is back after an outage. `updates-lost`: this instance could not
   * work out an update for the subscriber's window (its database reads kept failing).
   */
  reason: 'fan-out-restored' | 'updates-lost';
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
 * updates were missed — then the client re-subscribes for a fresh snapshot. A windowed board
 * works the same way: entries that leave the window arrive in `removed`, newcomers whole.
 */
export function applyLeaderboardUpdate(
  board: Leaderboard,
  update: LeaderboardUpdate,
): Leaderboard | 'stale' | 'gap' {
  if (update.seq <= board.seq) return 'stale';
  if ((update.since ?? update.seq - 1) !== board.seq) return 'gap';
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
