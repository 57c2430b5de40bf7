import {
  compareEntries,
  compareNames,
  type Leaderboard,
  type LeaderboardEntry,
  type LeaderboardEntryPatch,
  type LeaderboardUpdate,
} from '@arena/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { OrgSql } from '../common/org-sql';
import { BoardCounts } from '../scores/board-counts';
import { RequestContext } from '../common/request-context';
import { LeaderboardService } from '../contests/leaderboard.service';
import type { LoadedContest } from '../scores/scoring-contest';
import { patchOf } from './leaderboard-diff';
import type { LeaderboardNotice, LiveChange } from './leaderboard-notice';
import { LiveBroadcaster, type LiveNamespace, type LiveSocket } from './live-broadcaster';
import { LiveContests } from './live-contests';
import { LiveFanout } from './live-fanout';
import { readEntriesOf, readsWindows, readWindows } from './window-reads';

/** What one subscriber follows of a board, resolved (SPEC §5, `LiveWindow`). */
export interface WindowSpec {
  top: number;
  /** A participant whose neighbourhood is followed, with `aroundCount` entries each side. */
  around: string | null;
  aroundCount: number;
  /** The subscriber's own row (a signed-in rep of an individual contest). */
  self: string | null;
}

/** Around reads of one update of a team board run at most this many at a time (each is one statement). */
const AROUND_CONCURRENCY = 8;
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
  /** The last notice this group accounted for (≥ `seq`: an update that did not touch it). */
  applied: number;
  total: number;
  top: LeaderboardEntry[];
  around: LeaderboardEntry[];
  self: LeaderboardEntry | null;
}

interface ContestWindows {
  orgId: string;
  /** By room. */
  groups: Map<string, Group>;
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
  /** Every merged notice had the same board size (no membership change among them). */
  sameTotal: boolean;
}

/** Rooms of this instance's windows; socket.io encodes a room's update once for all its sockets. */
export function windowRoom(contestId: string, spec: WindowSpec): string {
  return `${WINDOW_ROOM}${contestId}:${spec.top}:${spec.around ?? ''}:${spec.aroundCount}:${spec.self ?? ''}`;
}

/**
 * The windows this instance's sockets follow, grouped: sockets with the same window share one
 * group (one read, one encoded update). For each numbered update (`LeaderboardNotice`, from this
 * instance or another) every group takes its top from the notice, and reads its neighbourhood or
 * its own row again only if a changed entry was in it or crossed it (`touches`) — so an update
 * costs a few statements per instance, whatever the board's size and however many sockets.
 * A group that an update did not touch is not sent it; its next update says `since`.
 */
@Injectable()
export class LiveWindows {
  private readonly logger = new Logger('LiveWindows');
  private readonly contests = new Map<string, ContestWindows>();
  /** Test hook: board entries read by deliveries so far (rows of `page`/`around`/`entriesOf`). */
  rowsRead = 0;
  /** Test hook: windows whose ranks were counted again without reading them. */
  reranked = 0;

  constructor(
    private readonly sql: OrgSql,
    private readonly leaderboards: LeaderboardService,
    private readonly definitions: LiveContests,
    private readonly broadcaster: LiveBroadcaster,
    private readonly counts: BoardCounts,
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
        group = await this.readGroup(contest, spec, room);
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
    // Notices that arrive while a delivery runs wait for it, then go out together: one set of
    // reads and one update per window for all of them, so a burst never builds a backlog.
    windows.waiting.push(notice);
    if (windows.queued) return;
    windows.queued = true;
    void this.enqueue(windows, () => {
      windows.queued = false;
      return this.applyRetrying(windows, mergeNotices(windows.waiting.splice(0)));
    }).catch((error: unknown) =>
      this.logger.error(`Live windows of ${notice.contestId}: ${String(error)}`),
    );
  }

  /** `apply` changes a group only after all of its reads succeeded: a retry starts clean. */
  private async applyRetrying(windows: ContestWindows, notice: MergedNotice): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await RequestContext.runAsOrg(notice.orgId, () => this.apply(windows, notice));
        return;
      } catch (error) {
        if (attempt < APPLY_ATTEMPTS) {
          this.logger.warn(`Live windows of ${notice.contestId}, retrying: ${String(error)}`);
          await new Promise((resolve) => setTimeout(resolve, APPLY_RETRY_MS * attempt));
          continue;
        }
        this.logger.error(`Live windows of ${notice.contestId}: ${String(error)}; resyncing`);
        // Read afresh when their sockets resubscribe, which they are asked to do now.
        if (this.contests.get(notice.contestId) === windows) this.contests.delete(notice.contestId);
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
      windows = { orgId, groups: new Map(), chain: Promise.resolve(), waiting: [], queued: false };
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

  /** A new group's board: the stored top (with its seq), then its neighbourhood and own row. */
  private async readGroup(contest: LoadedContest, spec: WindowSpec, room: string): Promise<Group> {
    const manager = this.sql.readManager;
    const [state] = await this.sql.query<{
      seq: string;
      entries: LeaderboardEntry[];
      total: number;
    }>(
      `SELECT s.seq, s.entries, s.total FROM contest_live_states s JOIN contests c ON c.id = s.contest_id
       WHERE c.org_id = $1 AND s.contest_id = $2`,
      [contest.entity.id],
    );
    let top: LeaderboardEntry[];
    let total: number;
    if (state) {
      top = state.entries.slice(0, spec.top);
      total = state.total;
    } else {
      // Not published yet: nothing is broadcast for it, the board as it is now.
      ({ entries: top, total } = await this.leaderboards.page(manager, contest, spec.top, 0));
      this.rowsRead += top.length;
    }
    const around = await this.readAround(manager, contest, spec);
    const self = await this.readSelves(manager, contest, spec.self ? [spec.self] : []);
    const seq = state ? Number(state.seq) : 0;
    const group: Group = {
      spec,
      room,
      seq,
      applied: seq,
      total,
      top,
      around,
      self: spec.self ? (self.get(spec.self) ?? null) : null,
    };
    return group;
  }

  private async apply(windows: ContestWindows, notice: MergedNotice): Promise<void> {
    const groups = [...windows.groups.values()].filter((group) => group.applied < notice.seq);
    if (groups.length === 0) return;
    const [row] = await this.sql.query<{ updated_at: Date }>(
      'SELECT updated_at FROM contests WHERE org_id = $1 AND id = $2',
      [notice.contestId],
    );
    const contest = row
      ? await this.definitions.definition(notice.contestId, row.updated_at)
      : null;
    if (!contest) return;
    const manager = this.sql.readManager;

    // A missed notice, a change of membership or an unknown change: the window is read again.
    const changesFor = (group: Group) =>
      notice.firstSeq === group.applied + 1 && notice.sameTotal && notice.total === group.total
        ? notice.changes
        : null;
    // Each window is read again only if an entry may have entered or left it; when entries
    // only crossed it, its entries stay and their ranks are counted again (board counts).
    const selves = new Set<string>();
    const arounds = new Map<string, WindowSpec>();
    const reranked = new Set<Group>();
    for (const group of groups) {
      const { spec } = group;
      const changes = changesFor(group);
      if (spec.self) {
        const part = group.self ? [group.self] : [];
        const effect = effectOn(part, spec.self, 0, changes);
        if (effect === 'read') selves.add(spec.self);
        else if (effect === 'ranks') reranked.add(group);
      }
      if (spec.around) {
        const effect = effectOn(group.around, spec.around, spec.aroundCount, changes);
        if (effect === 'read') arounds.set(aroundKey(spec), spec);
        else if (effect === 'ranks') reranked.add(group);
      }
    }
    const selfRows = await this.readSelves(manager, contest, [...selves]);
    const aroundRows = await this.readArounds(manager, contest, [...arounds.values()]);
    const rerank = await this.reranker(manager, contest, [...reranked]);

    // The new top's patches against the old, once per top size and previous update: shared by
    // every group that held the same top (most of them), so a group costs its own rows only.
    const topPatches = new Map<string, Map<string, LeaderboardEntryPatch | null>>();
    const sharedTop = (group: Group) => {
      const key = `${group.spec.top}:${group.applied}`;
      let patches = topPatches.get(key);
      if (!patches) {
        const old = new Map(group.top.map((entry) => [entry.participant.id, entry]));
        patches = new Map();
        for (const entry of notice.top.slice(0, group.spec.top)) {
          const before = old.get(entry.participant.id);
          if (before) patches.set(entry.participant.id, patchOf(before, entry));
        }
        topPatches.set(key, patches);
      }
      return patches;
    };

    let sent = 0;
    for (const group of groups) {
      const { spec } = group;
      const next: Group = {
        ...group,
        top: notice.top.slice(0, spec.top),
        around: aroundRows.get(aroundKey(spec)) ?? rerank(group.around),
        self:
          spec.self && selves.has(spec.self)
            ? (selfRows.get(spec.self) ?? null)
            : group.self && rerank([group.self])[0],
        total: notice.total,
        applied: notice.seq,
      };
      const diff = windowDiff(group, next, sharedTop(group));
      if (diff.entries.length === 0 && diff.removed.length === 0 && group.total === next.total) {
        Object.assign(group, next, { seq: group.seq });
        continue;
      }
      const update: LeaderboardUpdate = {
        contestId: notice.contestId,
        seq: notice.seq,
        entries: diff.entries,
        removed: diff.removed,
        total: notice.total,
      };
      if (group.seq !== notice.seq - 1) update.since = group.seq;
      Object.assign(group, next, { seq: notice.seq });
      this.broadcaster.emitLocal(group.room, 'leaderboard', update);
      // Encoding and writing an update to each group's sockets is synchronous work: let the
      // requests and reads waiting meanwhile (ingest, the next flush) run between slices.
      if (++sent % EMIT_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Entries ranked again from the board's counts (their points are unchanged). */
  private async reranker(
    manager: OrgSql['readManager'],
    contest: LoadedContest,
    groups: Group[],
  ): Promise<(entries: LeaderboardEntry[]) => LeaderboardEntry[]> {
    if (groups.length === 0) return (entries) => entries;
    const values = new Set<string>();
    for (const group of groups)
      for (const entry of [...group.around, ...(group.self ? [group.self] : [])])
        values.add(String(entry.points));
    const counter = await this.counts.counter(manager, contest.entity.id, [...values]);
    this.reranked += groups.length;
    return (entries) =>
      entries.map((entry) => {
        const rank = 1 + counter.above(String(entry.points));
        return rank === entry.rank ? entry : { ...entry, rank };
      });
  }

  private async readAround(
    manager: OrgSql['readManager'],
    contest: LoadedContest,
    spec: WindowSpec,
  ): Promise<LeaderboardEntry[]> {
    if (!spec.around) return [];
    const found = await this.leaderboards.around(manager, contest, spec.around, spec.aroundCount);
    this.rowsRead += found?.entries.length ?? 0;
    return found?.entries ?? [];
  }

  /**
   * The neighbourhoods of these windows by `aroundKey`: of a kept individual board, in one
   * statement per distinct `aroundCount` (`readWindows`: the ranks from the board's counts,
   * however many windows); otherwise one read each, a few at a time.
   */
  private async readArounds(
    manager: OrgSql['readManager'],
    contest: LoadedContest,
    specs: WindowSpec[],
  ): Promise<Map<string, LeaderboardEntry[]>> {
    const rows = new Map<string, LeaderboardEntry[]>();
    if (readsWindows(contest)) {
      const byCount = new Map<number, WindowSpec[]>();
      for (const spec of specs) {
        if (!spec.around) continue;
        byCount.set(spec.aroundCount, [...(byCount.get(spec.aroundCount) ?? []), spec]);
      }
      for (const [k, same] of byCount) {
        const anchors = [...new Set(same.map((spec) => spec.around as string))];
        const windows = await readWindows(manager, this.counts, contest, anchors, k);
        for (const spec of same) {
          const entries = windows.get(spec.around as string) ?? [];
          this.rowsRead += entries.length;
          rows.set(aroundKey(spec), entries);
        }
      }
      return rows;
    }
    const queue = [...specs];
    await Promise.all(
      Array.from({ length: Math.min(AROUND_CONCURRENCY, queue.length) }, async () => {
        for (let next = queue.shift(); next; next = queue.shift())
          rows.set(aroundKey(next), await this.readAround(manager, contest, next));
      }),
    );
    return rows;
  }

  private async readSelves(
    manager: OrgSql['readManager'],
    contest: LoadedContest,
    ids: string[],
  ): Promise<Map<string, LeaderboardEntry>> {
    if (ids.length === 0) return new Map();
    const rows = readsWindows(contest)
      ? await readEntriesOf(manager, this.counts, contest, ids)
      : await this.leaderboards.entriesOf(manager, contest, ids);
    this.rowsRead += rows.length;
    return new Map(rows.map((entry) => [entry.participant.id, entry]));
  }
}

/**
 * Notices of one contest as one: the newest top, size and seq, and — when their seqs follow each
 * other and each knew its changes — every changed entry with its points before the first and
 * after the last (null otherwise: every window is read again).
 */
export function mergeNotices(notices: LeaderboardNotice[]): MergedNotice {
  const sorted = [...notices].sort((a, b) => a.seq - b.seq);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const contiguous = sorted.every((n, i) => i === 0 || n.seq === sorted[i - 1].seq + 1);
  let changes: LiveChange[] | null = null;
  if (contiguous && sorted.every((n) => n.changes !== null)) {
    const byId = new Map<string, LiveChange>();
    for (const n of sorted)
      for (const change of n.changes ?? []) {
        const earlier = byId.get(change.id);
        byId.set(
          change.id,
          earlier ? { ...earlier, name: change.name, after: change.after } : change,
        );
      }
    changes = [...byId.values()];
  }
  return {
    ...last,
    changes,
    firstSeq: first.seq,
    sameTotal: sorted.every((n) => n.total === first.total),
  };
}

function aroundKey(spec: WindowSpec): string {
  return `${spec.around}:${spec.aroundCount}`;
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
    const old = before.get(id);
    const patch =
      shared !== undefined ? shared : old ? patchOf(old, entry) : { id, ...entry, movement: 0 };
    if (patch) entries.push(patch);
  }
  const removed = [...before.keys()].filter((id) => !after.has(id));
  return { entries, removed };
}

/**
 * What an update does to a run of consecutive board entries (`part`, in board order) kept around
 * `anchor` with up to `k` entries each side:
 * - `read`: it may hold other entries now — a changed entry in it, one that landed in or left it
 *   (placed in board order by points, then name and id when the change knows the name: within a
 *   run of ties an entry may land beside the window), a change of the anchor, or one that arrived
 *   on a side where the board had fewer than `k` entries; or the change is unknown;
 * - `ranks`: it holds the same entries, but a change moved points across some of its entries'
 *   points (ranks count the entries with more points): ranks to count again;
 * - `none`: no change entered, left or moved across it.
 */
export function effectOn(
  part: LeaderboardEntry[],
  anchor: string,
  k: number,
  changes: LiveChange[] | null,
): 'read' | 'ranks' | 'none' {
  if (!changes) return 'read';
  if (part.length === 0) return changes.some((change) => change.id === anchor) ? 'read' : 'none';
  const ids = new Set(part.map((entry) => entry.participant.id));
  const at = part.findIndex((entry) => entry.participant.id === anchor);
  const shortAbove = k > 0 && at >= 0 && at < k;
  const shortBelow = k > 0 && at >= 0 && part.length - at - 1 < k;
  const first = part[0];
  const last = part[part.length - 1];
  // Where an entry of these points (and name, when known) stands against the window.
  const side = (points: number | null, name: string | undefined, id: string) => {
    if (points === null || points < last.points) return 'below';
    if (points > first.points) return 'above';
    if (name === undefined) return 'within';
    const key = { name, id };
    if (points === first.points && compareNames(key, first.participant) < 0) return 'above';
    if (points === last.points && compareNames(key, last.participant) > 0) return 'below';
    return 'within';
  };
  // How points count in the window's ranks: above every entry's, above some, or above none.
  const rankClass = (points: number | null) =>
    points === null || points <= last.points ? 'none' : points > first.points ? 'all' : 'mid';
  let effect: 'ranks' | 'none' = 'none';
  for (const change of changes) {
    const before = side(change.before, change.name, change.id);
    const after = side(change.after, change.name, change.id);
    if (change.id === anchor || ids.has(change.id) || before === 'within' || after === 'within')
      return 'read';
    // Short on a side, every entry of the board on that side is in it: a move there may join it.
    const near = (where: string) =>
      (shortAbove && where === 'above') || (shortBelow && where === 'below');
    if (near(before) || near(after)) return 'read';
    const from = rankClass(change.before);
    const to = rankClass(change.after);
    if (from !== to || from === 'mid' || to === 'mid') effect = 'ranks';
  }
  return effect;
}

/** Whether an update may have changed a window at all (`effectOn` is not `none`). */
export function touches(
  part: LeaderboardEntry[],
  anchor: string,
  changes: LiveChange[] | null,
): boolean {
  return effectOn(part, anchor, 0, changes) !== 'none';
}
