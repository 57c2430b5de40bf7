import { randomUUID } from 'node:crypto';
import {
  LIVE_COALESCE_MS,
  LIVE_MAX_TOP,
  type Celebration,
  type LeaderboardEntry,
} from '@arena/contracts';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '../common/domain-events';
import { BoardCounts } from '../scores/board-counts';
import { KeyedCoalescer } from '../common/keyed-coalescer';
import { OrgSql } from '../common/org-sql';
import { RequestContext } from '../common/request-context';
import { LeaderboardService } from '../contests/leaderboard.service';
import type { LoadedContest } from '../scores/scoring-contest';
import { diffLeaderboard } from './leaderboard-diff';
import type { LeaderboardNotice, LiveChange } from './leaderboard-notice';
import { LiveBroadcaster, liveRooms } from './live-broadcaster';
import { LiveContests } from './live-contests';
import { LiveWindows } from './live-windows';
import { readEntriesOf, readsWindows } from './window-reads';

/** Beyond this many changed entries in one update, instances read their boards again instead. */
const MAX_NOTICE_CHANGES = 2_000;

/** What changed in one contest since its last flush started. */
interface Pending {
  orgId: string;
  /** Reps whose scores changed (individual contests). */
  ids: Set<string>;
  /** Anything may have changed (a re-score): the kept scores are compared whole. */
  all: boolean;
  /** Nothing known changed; a subscriber asked for a check (a crash may have lost an update). */
  check: boolean;
}

interface Numbered {
  notice: LeaderboardNotice;
  celebrations: Array<Omit<Celebration, 'id' | 'at' | 'contestId'>>;
}

/**
 * Turns score changes into numbered leaderboard updates. Changes to one contest are coalesced
 * on the leading edge: a change after a quiet spell goes out at once, and during a burst the next
 * flush starts one window (`LIVE_COALESCE_MS`) after the previous one started — so no change
 * waits more than a window plus one flush, a contest gets at most one update per window, and a
 * burst always ends with the final state.
 *
 * A flush costs what changed, not the board: it reads the top of the board once, the changed
 * entries and their last broadcast points (`contest_live_points`), and numbers the update with
 * `seq + 1` only if the stored seq is still the one it read (numbering is shared by every
 * instance). The notice goes to every instance (`LiveWindows`), which sends each window of its
 * own sockets the patch for what it shows.
 */
@Injectable()
export class LeaderboardStream implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LeaderboardStream');
  private readonly updates = new KeyedCoalescer<Pending>({
    windowMs: LIVE_COALESCE_MS,
    edge: 'leading',
    onStop: 'flush',
    run: (contestId, pending) =>
      RequestContext.runAsOrg(pending.orgId, () => this.flush(contestId, pending)),
    // A failed flush's reps are still owed when more changes arrived during it.
    merge: (failed, newer) => ({
      orgId: newer.orgId,
      ids: new Set([...failed.ids, ...newer.ids]),
      all: failed.all || newer.all,
      check: failed.check || newer.check,
    }),
    // The change is still owed to the subscribers: the coalescer retries in the next window.
    onError: (contestId, error) =>
      this.logger.error(`Leaderboard update of ${contestId} failed, retrying: ${String(error)}`),
  });

  /** Test hook: board entries read by flushes so far (rows of `page` and `entriesOf`). */
  rowsRead = 0;
  /** Test hook: updates numbered by this instance so far. */
  numbered = 0;
  /** Test hook: updates whose top was kept from the last one (every change below it). */
  topsKept = 0;

  constructor(
    private readonly sql: OrgSql,
    private readonly contests: LiveContests,
    private readonly leaderboards: LeaderboardService,
    private readonly broadcaster: LiveBroadcaster,
    private readonly windows: LiveWindows,
    private readonly events: DomainEvents,
    private readonly counts: BoardCounts,
  ) {}

  onModuleInit(): void {
    this.events.on('scores-changed', (event) => {
      for (const contestId of event.contestIds) {
        const reps = event.changed?.[contestId];
        this.notify(event.orgId, contestId, reps ? { ids: reps } : { all: true });
      }
    });
  }

  /** On a graceful stop, waiting changes are broadcast now rather than lost. */
  async onModuleDestroy(): Promise<void> {
    await this.updates.stop();
  }

  /** Records a change: the reps it concerns, or `all` when anything may have changed. */
  notify(
    orgId: string,
    contestId: string,
    change: { ids?: string[]; all?: boolean; check?: boolean },
  ): void {
    this.updates.notify(contestId, (waiting) => ({
      orgId,
      ids: new Set([...(waiting?.ids ?? []), ...(change.ids ?? [])]),
      all: (waiting?.all ?? false) || (change.all ?? false),
      check: (waiting?.check ?? false) || (change.check ?? false),
    }));
  }

  /** Resolves once every change so far has been numbered and sent to this instance's windows. */
  async whenIdle(): Promise<void> {
    await this.updates.whenIdle();
    await this.windows.whenIdle();
  }

  /** Runs as the contest's organisation (`runAsOrg`). */
  private async flush(contestId: string, pending: Pending): Promise<void> {
    const numbered = await this.numberNextUpdate(contestId, pending);
    if (!numbered) return;
    this.windows.deliver(numbered.notice);
    this.broadcaster.toOtherInstances('leaderboard-notice', numbered.notice);
    const room = liveRooms.contest(contestId);
    for (const celebration of numbered.celebrations) {
      this.broadcaster.emit(room, 'celebration', {
        ...celebration,
        id: randomUUID(),
        contestId,
        at: new Date().toISOString(),
      });
    }
  }

  /**
   * Reads the state, the top of the board and the changed entries, and stores the next update
   * (its seq, the new top, the changed entries' points) in one statement, only if no other
   * instance numbered one meanwhile; otherwise reads again.
   */
  private async numberNextUpdate(contestId: string, pending: Pending): Promise<Numbered | null> {
    for (let attempt = 1; ; attempt++) {
      const [row] = await this.sql.query<{
        seq: string | null;
        entries: LeaderboardEntry[] | null;
        total: number | null;
        updated_at: Date;
      }>(
        `SELECT s.seq, s.entries, s.total, c.updated_at
         FROM contests c LEFT JOIN contest_live_states s ON s.contest_id = c.id
         WHERE c.org_id = $1 AND c.id = $2`,
        [contestId],
      );
      if (!row) return null;
      const contest = await this.contests.definition(contestId, row.updated_at);
      if (!contest) return null; // a draft or archived contest has no live board
      if (row.seq === null) {
        // Normally stored when the contest was published; the first update is the difference from it.
        await this.sql.query(
          `INSERT INTO contest_live_states (org_id, contest_id, seq, entries, total)
           SELECT c.org_id, c.id, 0, '[]'::jsonb, 0 FROM contests c WHERE c.org_id = $1 AND c.id = $2
           ON CONFLICT DO NOTHING`,
          [contestId],
        );
        continue;
      }
      const numbered = await this.nextUpdate(contest, pending, {
        seq: Number(row.seq),
        top: row.entries ?? [],
        total: row.total ?? 0,
        updatedAt: row.updated_at,
      });
      if (!numbered) return null;
      const { notice, store } = numbered;
      // Points kept for the next diff; an entry back at 0 without a goal keeps no row.
      const kept = store.filter((s) => Number(s.points) !== 0 || s.goal);
      const dropped = store.filter((s) => Number(s.points) === 0 && !s.goal);
      // The contest was read in this organisation just above; the live rows are the contest's.
      const [stored] = await this.sql.query<{ n: string }>(
        `WITH w AS (
           UPDATE contest_live_states s SET seq = $3, entries = $4::jsonb, total = $5, updated_at = now()
           FROM contests c WHERE c.id = s.contest_id AND c.org_id = $1 AND s.contest_id = $2 AND s.seq = $3 - 1
           RETURNING s.org_id),
         upserted AS (
           INSERT INTO contest_live_points (contest_id, participant_id, org_id, points, goal_reached)
           SELECT $2, x.id, w.org_id, x.points, x.goal
             FROM w CROSS JOIN unnest($6::uuid[], $7::numeric[], $8::boolean[]) AS x(id, points, goal)
           ON CONFLICT (contest_id, participant_id)
             DO UPDATE SET points = excluded.points, goal_reached = excluded.goal_reached
           RETURNING 1),
         -- By key, whatever the statistics say (a join with the arrays, planned with a stale
         -- estimate of contest_live_points after a re-score, went quadratic at 50,000 entries).
         deleted AS (
           DELETE FROM contest_live_points l USING w
           WHERE l.contest_id = $2 AND l.participant_id = ANY($9::uuid[]) AND l.org_id = $1
           RETURNING 1)
         SELECT count(*) AS n FROM w`,
        [
          contestId,
          notice.seq,
          JSON.stringify(notice.top),
          notice.total,
          kept.map((s) => s.id),
          kept.map((s) => s.points),
          kept.map((s) => s.goal),
          dropped.map((s) => s.id),
        ],
      );
      if (Number(stored.n) === 1) {
        this.numbered++;
        return { notice, celebrations: numbered.celebrations };
      }
      if (attempt === 5) throw new Error('the live state kept changing under this instance');
    }
  }

  /** The next update from the last one (`last`), or null when nothing changed. */
  private async nextUpdate(
    contest: LoadedContest,
    pending: Pending,
    last: { seq: number; top: LeaderboardEntry[]; total: number; updatedAt: Date },
  ): Promise<(Numbered & { store: Array<{ id: string; points: string; goal: boolean }> }) | null> {
    const manager = this.sql.readManager;
    const contestId = contest.entity.id;
    const individual = contest.entity.mode === 'individual';
    const known = individual && !pending.all && pending.ids.size > 0;
    const ids = known ? [...pending.ids] : [];
    const kept = known && readsWindows(contest);
    // Independent reads, side by side: the changed entries, their last broadcast points, and
    // (standings) the board's size.
    const [changed, lastPoints, size] = await Promise.all([
      // Ranks of many changed entries from the board counts, not one count each.
      known
        ? kept
          ? readEntriesOf(manager, this.counts, contest, ids)
          : this.leaderboards.entriesOf(manager, contest, ids)
        : [],
      known
        ? this.sql.query<{ participant_id: string; points: string; goal_reached: boolean }>(
            `SELECT participant_id, points::text, goal_reached FROM contest_live_points
             WHERE org_id = $1 AND contest_id = $2 AND participant_id = ANY($3::uuid[])`,
            [contestId, ids],
          )
        : [],
      kept
        ? this.sql.query<{ entries: number }>(
            `SELECT entries FROM contest_boards WHERE org_id = $1 AND contest_id = $2`,
            [contestId],
          )
        : [],
    ]);
    // The top is read again unless every change stayed strictly below it (before and after) and
    // the board kept its size: then it holds the same entries with the same ranks.
    const lowest = last.top.length === LIVE_MAX_TOP ? last.top[LIVE_MAX_TOP - 1].points : null;
    const pointsBefore = new Map(lastPoints.map((r) => [r.participant_id, Number(r.points)]));
    const pointsNow = new Map(changed.map((e) => [e.participant.id, e.points]));
    const belowTop =
      kept &&
      lowest !== null &&
      size[0]?.entries === last.total &&
      ids.every(
        (id) => (pointsBefore.get(id) ?? 0) < lowest && (pointsNow.get(id) ?? -Infinity) < lowest,
      );
    const { entries: top, total } = belowTop
      ? { entries: last.top, total: last.total }
      : await this.leaderboards.page(manager, contest, LIVE_MAX_TOP, 0);
    this.topsKept += belowTop ? 1 : 0;
    this.rowsRead += (belowTop ? 0 : top.length) + changed.length;
    const goal = contest.entity.goalPoints == null ? null : Number(contest.entity.goalPoints);
    const topDiff = diffLeaderboard(last.top, top, goal);
    const topChanged =
      total !== last.total || topDiff.entries.length > 0 || topDiff.removed.length > 0;
    let changes: LiveChange[] | null = null;
    let store: Array<{ id: string; points: string; goal: boolean }> = [];
    let celebrations = topDiff.celebrations;

    if (known) {
      const now = new Map(changed.map((e) => [e.participant.id, e]));
      const before = new Map(lastPoints.map((r) => [r.participant_id, r]));
      ({ changes, store } = carried(ids, now));
      // Goals from the changed entries wherever they are on the board, leaders from the top.
      celebrations = celebrations.filter((c) => c.kind !== 'goal_reached');
      for (const entry of now.values()) {
        if (entry.goalReached && !before.get(entry.participant.id)?.goal_reached) {
          celebrations.push({
            kind: 'goal_reached',
            participant: entry.participant,
            message: `${entry.participant.name} reached the goal${goal ? ` of ${goal.toLocaleString('en')} points` : ''}!`,
          });
        }
      }
    } else if (individual && (pending.all || topChanged)) {
      // Anything may have changed: the kept scores against the points last broadcast. A few
      // differences (a check that found changes not notified yet) go out as changed entries;
      // many (a re-score) leave the changes unknown — every instance reads its board again.
      const diff = await this.comparedWhole(contestId);
      if (diff.length === 0 && !topChanged) return null;
      store = diff;
      if (readsWindows(contest) && diff.length <= MAX_NOTICE_CHANGES) {
        const ids = diff.map((d) => d.id);
        const now = new Map(
          (await readEntriesOf(manager, this.counts, contest, ids)).map((e) => [
            e.participant.id,
            e,
          ]),
        );
        this.rowsRead += now.size;
        ({ changes, store } = carried(ids, now));
      }
    } else if (!topChanged) {
      return null; // a team contest whose top did not change, or a check that found nothing
    }
    if (changes && changes.length > MAX_NOTICE_CHANGES) changes = null;
    return {
      notice: {
        orgId: contest.entity.orgId,
        contestId,
        contestUpdatedAt: last.updatedAt.getTime(),
        seq: last.seq + 1,
        total,
        top,
        changes,
      },
      celebrations,
      store,
    };
  }

  /**
   * Every kept score against its last broadcast points, in one set-based statement: after a
   * re-score (a publish or an edit), the entries it changed.
   */
  private async comparedWhole(
    contestId: string,
  ): Promise<Array<{ id: string; points: string; goal: boolean }>> {
    const rows = await this.sql.query<{
      id: string;
      after: string;
      goal: boolean;
    }>(
      `SELECT coalesce(n.id, l.participant_id) AS id, coalesce(n.points, 0)::text AS after, coalesce(n.goal, false) AS goal
       FROM (SELECT s.user_id AS id, round(s.points, 2) AS points,
                    (c.goal_points IS NOT NULL AND round(s.points, 2) >= c.goal_points) AS goal
             FROM contest_scores s JOIN contests c ON c.id = s.contest_id
             WHERE c.org_id = $1 AND s.contest_id = $2) n
       FULL JOIN (SELECT participant_id, points, goal_reached FROM contest_live_points
                  WHERE org_id = $1 AND contest_id = $2) l ON l.participant_id = n.id
       WHERE coalesce(l.points, 0) <> coalesce(n.points, 0)
          OR coalesce(l.goal_reached, false) <> coalesce(n.goal, false)`,
      [contestId],
    );
    return rows.map((r) => ({ id: r.id, points: r.after, goal: r.goal }));
  }
}

/** The changed entries a notice carries and the points kept for the next diff, for these reps. */
function carried(
  ids: string[],
  now: Map<string, LeaderboardEntry>,
): { changes: LiveChange[]; store: Array<{ id: string; points: string; goal: boolean }> } {
  return {
    changes: ids.map((id) => ({ id, entry: now.get(id) ?? null })),
    store: ids.map((id) => ({
      id,
      points: String(now.get(id)?.points ?? 0),
      goal: now.get(id)?.goalReached ?? false,
    })),
  };
}
