import {
  compareEntries,
  type Leaderboard,
  type LeaderboardEntry,
  type LeaderboardEntryPatch,
  type LeaderboardUpdate,
} from '@arena/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { OrgSql } from '../common/org-sql';
import { RequestContext } from '../common/request-context';
import { LeaderboardService } from '../contests/leaderboard.service';
import type { LoadedContest } from '../scores/scoring-contest';
import { patchFrom } from './leaderboard-diff';
import type { LeaderboardNotice, LiveChange } from './leaderboard-notice';
import { LiveBroadcaster, type LiveNamespace, type LiveSocket } from './live-broadcaster';
import { LiveContests } from './live-contests';
import { LiveFanout } from './live-fanout';
import { BoardMirror } from './board-mirror';
import { readBroadcastBoard, readsWindows } from './window-reads';

/** What one subscriber follows of a board, resolved (SPEC §5, `LiveWindow`). */
export interface WindowSpec {
  top: number;
  /** A participant whose neighbourhood is followed, with `aroundCount` entries each side. */
  around: string | null;
  aroundCount: number;
  /** The subscriber's own row (a signed-in rep of an individual contest). */
  self: string | null;
}

const WINDOW_ROOM = 'lb:';
/** A delivery whose reads fail is tried this many times, `APPLY_RETRY_MS` × attempt apart. */
const APPLY_ATTEMPTS = 4;
const APPLY_RETRY_MS = 250;
/** Groups sent an update between two turns of the event loop. */
const EMIT_SLICE = 64;
/** Sockets asked to resync after a lost delivery spread their re-subscriptions over this. */
const RESYNC_SPREAD_MS = 1_000;

/** The sockets of this instance that follow one contest through the same window. */
interface Group {
  spec: WindowSpec;
  room: string;
  /** The last update this group's board includes (and was sent). */
  seq: number;
  total: number;
  top: LeaderboardEntry[];
  around: LeaderboardEntry[];
  self: LeaderboardEntry | null;
}

interface ContestWindows {
  orgId: string;
  /** By room. */
  groups: Map<string, Group>;
  /** The whole board as of the last update applied; null until read (or after a failed read). */
  mirror: BoardMirror | null;
  /** Reads and deliveries of one contest run one at a time, in order. */
  chain: Promise<void>;
  /** Notices not applied yet: applied together, as one, when the chain reaches them. */
  waiting: LeaderboardNotice[];
  /** A delivery of `waiting` is queued on the chain (and has not started). */
  queued: boolean;
}

/** Consecutive notices applied as one: the last, with every change since the first. */
interface MergedNotice extends LeaderboardNotice {
  /** The first notice's seq: the changes are those since `firstSeq − 1`. */
  firstSeq: number;
}

/** Rooms of this instance's windows; socket.io encodes a room's update once for all its sockets. */
export function windowRoom(contestId: string, spec: WindowSpec): string {
  return `${WINDOW_ROOM}${contestId}:${spec.top}:${spec.around ?? ''}:${spec.aroundCount}:${spec.self ?? ''}`;
}

/**
 * The windows this instance's sockets follow, grouped: sockets with the same window share one
 * group (one encoded update). The instance keeps a copy of each followed contest's whole board
 * (`BoardMirror`), read once, then patched from every numbered update (`LeaderboardNotice`,
 * from this instance or another) with the entries it changed; each group's window is cut from
 * it in memory and sent as the patch from what the group had. An update costs its changed
 * entries and the windows' own rows, whatever the board's size and however many sockets: no
 * read per update but when the changes are unknown (a re-score, a team board, a missed notice),
 * which reads the board again. A group that an update did not change is not sent it; its next
 * update says `since`.
 */
@Injectable()
export class LiveWindows {
  private readonly logger = new Logger('LiveWindows');
  private readonly contests = new Map<string, ContestWindows>();
  /** Test hook: board entries read from the database so far (whole boards, when read). */
  rowsRead = 0;
  /** Test hook: boards read from the database so far. */
  boardsRead = 0;

  constructor(
    private readonly sql: OrgSql,
    private readonly leaderboards: LeaderboardService,
    private readonly definitions: LiveContests,
    private readonly broadcaster: LiveBroadcaster,
    fanout: LiveFanout,
  ) {
    // Notices from other instances may have been missed: groups are read afresh on resubscribe.
    fanout.onRestored(() => this.contests.clear());
  }

  attach(namespace: LiveNamespace): void {
    namespace.on('leaderboard-notice', (notice) => this.deliver(notice));
    const adapter = namespace.adapter;
    // A socket that leaves a contest's room (access lost, unsubscribed) leaves its window too.
    adapter.on('leave-room', (room: string, socketId: string) => {
      if (!room.startsWith('contest:')) return;
      const socket = namespace.sockets.get(socketId);
      const joined = socket?.data.windows?.[room.slice('contest:'.length)];
      if (socket && joined) void socket.leave(joined);
    });
    adapter.on('delete-room', (room: string) => {
      if (!room.startsWith(WINDOW_ROOM)) return;
      const contestId = room.slice(WINDOW_ROOM.length, WINDOW_ROOM.length + 36);
      const windows = this.contests.get(contestId);
      if (!windows) return;
      windows.groups.delete(room);
      if (windows.groups.size === 0) this.contests.delete(contestId);
    });
  }

  /** Resolves once every delivery under way on this instance is done. */
  async whenIdle(): Promise<void> {
    await Promise.all([...this.contests.values()].map((windows) => windows.chain));
  }

  /**
   * Joins the socket to its window's group and answers the group's board: every update after it
   * reaches the socket. Runs as the subscriber (access already checked).
   */
  async subscribe(
    socket: LiveSocket,
    contest: LoadedContest,
    spec: WindowSpec,
  ): Promise<Leaderboard> {
    const contestId = contest.entity.id;
    const room = windowRoom(contestId, spec);
    const previous = socket.data.windows[contestId];
    if (previous && previous !== room) await socket.leave(previous);
    const windows = this.windowsOf(contestId, contest.entity.orgId);
    return this.enqueue(windows, async () => {
      let group = windows.groups.get(room);
      if (!group) {
        windows.mirror ??= await this.readBoard(contest);
        group = { spec, room, ...cut(windows.mirror, spec), seq: windows.mirror.seq };
        windows.groups.set(room, group);
      }
      socket.data.windows[contestId] = room;
      await socket.join(room);
      return { contestId, seq: group.seq, entries: boardOf(group), total: group.total };
    });
  }

  /**
   * Applies a numbered update to this instance's windows of the contest (if it has any). A read
   * that fails (a database busy past its timeouts) is retried; if it keeps failing, the windows'
   * sockets are told to re-subscribe — never left silently behind, as nothing else would send
   * them the update (it may be the burst's last).
   */
  deliver(notice: LeaderboardNotice): void {
    const windows = this.contests.get(notice.contestId);
    if (!windows) return;
    // Notices that arrive while a delivery runs wait for it, then go out together: one patch of
    // the board and one update per window for all of them, so a burst never builds a backlog.
    windows.waiting.push(notice);
    if (windows.queued) return;
    windows.queued = true;
    void this.enqueue(windows, () => {
      windows.queued = false;
      return this.applyRetrying(windows, windows.waiting.splice(0));
    }).catch((error: unknown) =>
      this.logger.error(`Live windows of ${notice.contestId}: ${String(error)}`),
    );
  }

  /** A failed attempt leaves the board unread (`mirror` null): a retry reads it afresh. */
  private async applyRetrying(
    windows: ContestWindows,
    notices: LeaderboardNotice[],
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await RequestContext.runAsOrg(windows.orgId, () => this.apply(windows, notices));
        return;
      } catch (error) {
        windows.mirror = null;
        const contestId = notices[0].contestId;
        if (attempt < APPLY_ATTEMPTS) {
          this.logger.warn(`Live windows of ${contestId}, retrying: ${String(error)}`);
          await new Promise((resolve) => setTimeout(resolve, APPLY_RETRY_MS * attempt));
          continue;
        }
        this.logger.error(`Live windows of ${contestId}: ${String(error)}; resyncing`);
        // Read afresh when their sockets resubscribe, which they are asked to do now.
        if (this.contests.get(contestId) === windows) this.contests.delete(contestId);
        for (const group of windows.groups.values())
          this.broadcaster.emitLocal(group.room, 'resync', {
            reason: 'updates-lost',
            spreadMs: RESYNC_SPREAD_MS,
          });
        return;
      }
    }
  }

  private windowsOf(contestId: string, orgId: string): ContestWindows {
    let windows = this.contests.get(contestId);
    if (!windows) {
      windows = {
        orgId,
        groups: new Map(),
        mirror: null,
        chain: Promise.resolve(),
        waiting: [],
        queued: false,
      };
      this.contests.set(contestId, windows);
    }
    return windows;
  }

  private enqueue<T>(windows: ContestWindows, work: () => Promise<T>): Promise<T> {
    const result = windows.chain.then(work);
    windows.chain = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /**
   * The whole board as of its last numbered update. A kept individual board: every entry on it
   * with the points last broadcast (`contest_live_points`, stored with the seq: the board as of
   * that seq exactly), in board order, in one statement; other boards (a team board's few teams,
   * a draft's) as they are now.
   */
  private async readBoard(contest: LoadedContest): Promise<BoardMirror> {
    this.boardsRead++;
    const manager = this.sql.readManager;
    if (readsWindows(contest)) {
      const { seq, entries } = await readBroadcastBoard(manager, contest);
      this.rowsRead += entries.length;
      return new BoardMirror(entries, seq);
    }
    const [rows] = await this.sql.query<{ seq: string }>(
      `SELECT s.seq FROM contest_live_states s WHERE s.org_id = $1 AND s.contest_id = $2`,
      [contest.entity.id],
    );
    const { entries } = await this.leaderboards.page(manager, contest, null, 0);
    this.rowsRead += entries.length;
    return new BoardMirror(entries, rows ? Number(rows.seq) : 0);
  }

  private async apply(windows: ContestWindows, notices: LeaderboardNotice[]): Promise<void> {
    const fresh = notices.filter((n) => windows.mirror === null || n.seq > windows.mirror.seq);
    if (fresh.length === 0 || windows.groups.size === 0) return;
    const notice = mergeNotices(fresh);
    const contest = await this.definitions.definition(
      notice.contestId,
      new Date(notice.contestUpdatedAt),
    );
    if (!contest) return;
    // The changes patch the board when they follow on from it; otherwise it is read again.
    let mirror = windows.mirror;
    if (mirror && readsWindows(contest) && notice.changes && notice.firstSeq === mirror.seq + 1) {
      mirror.apply(notice.changes, notice.seq);
      if (mirror.size !== notice.total) mirror = null;
    } else mirror = null;
    windows.mirror = mirror ??= await this.readBoard(contest);

    // The new top's patch against the old, once per top size and previous update: shared by
    // every group that held the same top (most of them), and written as JSON once.
    const tops = new Map<number, LeaderboardEntry[]>();
    const topOf = (n: number) => {
      let top = tops.get(n);
      if (!top) tops.set(n, (top = mirror.top(n)));
      return top;
    };
    const topParts = new Map<string, TopPart>();
    const topPart = (group: Group, top: LeaderboardEntry[]) => {
      const key = `${group.spec.top}:${group.seq}`;
      let part = topParts.get(key);
      if (!part) topParts.set(key, (part = topPartOf(group.top, top)));
      return part;
    };

    let sent = 0;
    for (const group of windows.groups.values()) {
      if (group.seq >= mirror.seq) continue;
      const next = cut(mirror, group.spec, topOf(group.spec.top));
      const part = topPart(group, next.top);
      const since = group.seq;
      const header = (entries: string, removed: string) =>
        `{"contestId":${JSON.stringify(notice.contestId)},"seq":${mirror.seq},"entries":[${entries}],"removed":[${removed}],"total":${next.total}${since === mirror.seq - 1 ? '' : `,"since":${since}`}}`;
      // A window whose own rows (neighbourhood, own row) are apart from the top before and
      // after: the shared top part plus its own rows' patch, put together as JSON.
      const own = ownPatch(group, next, part.ids);
      let json: string | null = null;
      if (own) {
        if (part.empty && own.entries.length === 0 && own.removed.length === 0) {
          if (group.total === next.total) {
            Object.assign(group, next); // unchanged: it keeps its seq, its next update says `since`
            continue;
          }
        }
        json = header(
          joined(part.entriesJson, own.entries.map((e) => JSON.stringify(e)).join(',')),
          joined(part.removedJson, own.removed.map((id) => JSON.stringify(id)).join(',')),
        );
      } else {
        const diff = windowDiff(group, next, part.patches);
        if (diff.entries.length === 0 && diff.removed.length === 0 && group.total === next.total) {
          Object.assign(group, next);
          continue;
        }
        const update: LeaderboardUpdate = {
          contestId: notice.contestId,
          seq: mirror.seq,
          entries: diff.entries,
          removed: diff.removed,
          total: next.total,
        };
        if (since !== mirror.seq - 1) update.since = since;
        json = JSON.stringify(update);
      }
      Object.assign(group, next, { seq: mirror.seq });
      this.broadcaster.emitLocalJson(group.room, 'leaderboard', json);
      // Writing an update to each group's sockets is synchronous work: let the requests and
      // reads waiting meanwhile (ingest, the next flush) run between slices.
      if (++sent % EMIT_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/** The part of an update every group that held the same top shares. */
interface TopPart {
  /** The entries of the old and the new top. */
  ids: Set<string>;
  /** Patches of the entries in both tops (null: unchanged). */
  patches: Map<string, LeaderboardEntryPatch | null>;
  /** The new top's patch and removals, as JSON list items (comma-separated, no brackets). */
  entriesJson: string;
  removedJson: string;
  empty: boolean;
}

function topPartOf(oldTop: LeaderboardEntry[], top: LeaderboardEntry[]): TopPart {
  const old = new Map(oldTop.map((entry) => [entry.participant.id, entry]));
  const ids = new Set(old.keys());
  const patches = new Map<string, LeaderboardEntryPatch | null>();
  const entries: LeaderboardEntryPatch[] = [];
  for (const entry of top) {
    const id = entry.participant.id;
    ids.add(id);
    const before = old.get(id);
    const patch = patchFrom(before, entry);
    if (before) patches.set(id, patch);
    if (patch) entries.push(patch);
  }
  const stays = new Set(top.map((entry) => entry.participant.id));
  const removed = oldTop.map((e) => e.participant.id).filter((id) => !stays.has(id));
  return {
    ids,
    patches,
    entriesJson: JSON.stringify(entries).slice(1, -1),
    removedJson: JSON.stringify(removed).slice(1, -1),
    empty: entries.length === 0 && removed.length === 0,
  };
}

/**
 * The patch of a window's own rows (neighbourhood and own row, as `windowDiff` would give them)
 * when none of them, before or after, is in either top (`topIds`); null otherwise.
 */
function ownPatch(
  previous: Pick<Group, 'around' | 'self'>,
  next: Pick<Group, 'around' | 'self'>,
  topIds: Set<string>,
): { entries: LeaderboardEntryPatch[]; removed: string[] } | null {
  for (const group of [previous, next])
    for (const entry of group.self ? [...group.around, group.self] : group.around)
      if (topIds.has(entry.participant.id)) return null;
  return windowDiff({ ...previous, top: [] }, { ...next, top: [] }, new Map());
}

function joined(a: string, b: string): string {
  return a && b ? `${a},${b}` : a || b;
}

/** A window's entries cut from the board: its top (given, when shared), neighbourhood and own row. */
function cut(
  mirror: BoardMirror,
  spec: WindowSpec,
  top: LeaderboardEntry[] = mirror.top(spec.top),
): Pick<Group, 'top' | 'around' | 'self' | 'total'> {
  return {
    top,
    around: spec.around ? mirror.around(spec.around, spec.aroundCount) : [],
    self: spec.self ? mirror.entry(spec.self) : null,
    total: mirror.size,
  };
}

/**
 * Notices of one contest as one: the newest top, size and seq, and — when their seqs follow each
 * other and each carried its changes — every changed entry as the last one left it (null
 * otherwise: the board is read again).
 */
export function mergeNotices(notices: LeaderboardNotice[]): MergedNotice {
  const sorted = [...notices].sort((a, b) => a.seq - b.seq);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const contiguous = sorted.every((n, i) => i === 0 || n.seq === sorted[i - 1].seq + 1);
  let changes: LiveChange[] | null = null;
  if (contiguous && sorted.every((n) => n.changes !== null)) {
    const byId = new Map<string, LiveChange>();
    for (const n of sorted) for (const change of n.changes ?? []) byId.set(change.id, change);
    changes = [...byId.values()];
  }
  return { ...last, changes, firstSeq: first.seq };
}

/** A group's window in board order, each participant once. */
function boardOf(group: Pick<Group, 'top' | 'around' | 'self'>): LeaderboardEntry[] {
  const byId = new Map<string, LeaderboardEntry>();
  for (const entry of [...group.top, ...group.around, ...(group.self ? [group.self] : [])])
    if (!byId.has(entry.participant.id)) byId.set(entry.participant.id, entry);
  return [...byId.values()].sort(compareEntries);
}

/** A window's entries by participant, each once: from its top first (as `boardOf`). */
function entriesOf(group: Pick<Group, 'top' | 'around' | 'self'>): Map<string, LeaderboardEntry> {
  const byId = new Map<string, LeaderboardEntry>();
  for (const entry of group.top) byId.set(entry.participant.id, entry);
  for (const entry of group.around)
    if (!byId.has(entry.participant.id)) byId.set(entry.participant.id, entry);
  if (group.self && !byId.has(group.self.participant.id))
    byId.set(group.self.participant.id, group.self);
  return byId;
}

/**
 * The patch from a window's entries to its next ones (`diffLeaderboard` of the two boards, in any
 * order): entries of both tops take their patch from `topPatches` (computed once for every
 * group that held the same top), the others are compared here.
 */
export function windowDiff(
  previous: Pick<Group, 'top' | 'around' | 'self'>,
  next: Pick<Group, 'top' | 'around' | 'self'>,
  topPatches: Map<string, LeaderboardEntryPatch | null>,
): { entries: LeaderboardEntryPatch[]; removed: string[] } {
  const before = entriesOf(previous);
  const after = entriesOf(next);
  const entries: LeaderboardEntryPatch[] = [];
  for (const [id, entry] of after) {
    const shared = topPatches.get(id);
    const patch = shared !== undefined ? shared : patchFrom(before.get(id), entry);
    if (patch) entries.push(patch);
  }
  const removed = [...before.keys()].filter((id) => !after.has(id));
  return { entries, removed };
}
