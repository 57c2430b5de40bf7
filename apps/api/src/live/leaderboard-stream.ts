import { randomUUID } from 'node:crypto';
import {
  LIVE_COALESCE_MS,
  type Leaderboard,
  type LeaderboardEntry,
  type LeaderboardUpdate,
} from '@arena/contracts';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainEvents } from '../common/domain-events';
import { LeaderboardService } from '../contests/leaderboard.service';
import {
  BOARD_INPUTS_COLUMNS,
  buildLeaderboard,
  toBoardInputs,
  type BoardInputsRow,
} from '../scores/leaderboard-builder';
import { ScoreKeeper } from '../scores/score-keeper';
import type { LoadedContest } from '../scores/scoring-contest';
import { diffLeaderboard, type LeaderboardDiff } from './leaderboard-diff';
import { LiveBroadcaster, liveRooms } from './live-broadcaster';

interface Pending {
  orgId: string;
  timer?: NodeJS.Timeout;
  running: boolean;
  dirty: boolean;
}

/**
 * Turns score changes into numbered leaderboard updates. Changes to one contest are coalesced:
 * the first schedules a flush `LIVE_COALESCE_MS` later, and changes during a flush schedule one
 * more — so a burst yields a few updates a second and always ends with the final state.
 *
 * A flush reads the contest's last broadcast and its board, diffs them and stores the new board
 * with `seq + 1` only if the stored seq is still the one it read: numbering is shared by every
 * instance, and each update is exactly the change from the one before.
 */
@Injectable()
export class LeaderboardStream implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LeaderboardStream');
  private readonly pending = new Map<string, Pending>();
  /** When each contest's last flush started (ms); pruned when old. */
  private readonly lastStart = new Map<string, number>();
  /** Contest definitions between flushes, valid while the contest's updated_at is unchanged. */
  private readonly definitions = new Map<string, LoadedContest>();
  private closed = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scoreKeeper: ScoreKeeper,
    private readonly leaderboards: LeaderboardService,
    private readonly broadcaster: LiveBroadcaster,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.on('scores-changed', (event) => {
      for (const contestId of event.contestIds) this.notify(event.orgId, contestId);
    });
  }

  /** On a graceful stop, pending changes are broadcast now rather than lost. */
  async onModuleDestroy(): Promise<void> {
    const waiting = [...this.pending.entries()].filter(([, pending]) => pending.timer);
    for (const [, pending] of waiting) clearTimeout(pending.timer);
    await Promise.all(waiting.map(([contestId]) => this.flush(contestId)));
    this.closed = true;
  }

  notify(orgId: string, contestId: string): void {
    if (this.closed) return;
    if (this.lastStart.size > 10_000) {
      for (const [id, at] of this.lastStart)
        if (Date.now() - at > LIVE_COALESCE_MS) this.lastStart.delete(id);
    }
    const pending = this.pending.get(contestId) ?? { orgId, running: false, dirty: false };
    this.pending.set(contestId, pending);
    pending.dirty = true;
    if (!pending.timer && !pending.running) this.schedule(contestId, pending);
  }

  /**
   * Flushes start at least one window apart: a change after a quiet spell goes out at once, and
   * during a burst the next flush starts one window after the previous one started — so no change
   * waits more than a window plus one flush, and a contest gets at most one update per window.
   */
  private schedule(contestId: string, pending: Pending): void {
    const last = this.lastStart.get(contestId) ?? 0;
    const wait = Math.max(0, last + LIVE_COALESCE_MS - Date.now());
    pending.timer = setTimeout(() => void this.flush(contestId), wait);
  }

  /**
   * The board a new subscriber starts from: the last broadcast, with its seq. It also schedules a
   * catch-up update, in case a change was never broadcast (an instance that crashed mid-window):
   * when nothing changed, that costs one comparison and sends nothing.
   */
  async snapshot(contest: LoadedContest): Promise<Leaderboard> {
    const contestId = contest.entity.id;
    if (contest.entity.publishedAt && !contest.entity.archivedAt)
      this.notify(contest.entity.orgId, contestId);
    const [state]: { seq: string; entries: LeaderboardEntry[] }[] = await this.dataSource.query(
      `SELECT seq, entries FROM contest_live_states WHERE contest_id = $1`,
      [contestId],
    );
    if (state && Number(state.seq) > 0) {
      return {
        contestId,
        seq: Number(state.seq),
        entries: state.entries,
        total: state.entries.length,
      };
    }
    const entries = await this.leaderboards.rankedEntries(this.dataSource.manager, contest);
    return { contestId, seq: 0, entries, total: entries.length };
  }

  private async flush(contestId: string): Promise<void> {
    const pending = this.pending.get(contestId);
    if (!pending || this.closed) return;
    pending.timer = undefined;
    pending.running = true;
    pending.dirty = false;
    this.lastStart.set(contestId, Date.now());
    try {
      const result = await this.numberNextUpdate(pending.orgId, contestId);
      if (result) {
        const room = liveRooms.contest(contestId);
        this.broadcaster.emit(room, 'leaderboard', result.update);
        for (const celebration of result.celebrations) {
          this.broadcaster.emit(room, 'celebration', {
            ...celebration,
            id: randomUUID(),
            contestId,
            at: new Date().toISOString(),
          });
        }
      }
    } catch (error) {
      // The change is still owed to the subscribers: try again in the next window.
      pending.dirty = true;
      if (!this.closed) {
        this.logger.error(`Leaderboard update of ${contestId} failed, retrying: ${String(error)}`);
      }
    } finally {
      pending.running = false;
      if (pending.dirty && !this.closed) this.schedule(contestId, pending);
      else this.pending.delete(contestId);
    }
  }

  private async definition(
    orgId: string,
    contestId: string,
    updatedAt: Date,
  ): Promise<LoadedContest | null> {
    const cached = this.definitions.get(contestId);
    if (cached && cached.entity.updatedAt.getTime() === updatedAt.getTime()) return cached;
    const [contest] = await this.scoreKeeper.loadContests(this.dataSource.manager, orgId, {
      ids: [contestId],
    });
    if (contest) this.definitions.set(contestId, contest);
    else this.definitions.delete(contestId);
    return contest ?? null;
  }

  /**
   * Reads the last broadcast, the contest and its board in one statement, and stores the next
   * update only if no other instance numbered one meanwhile (`seq` unchanged); otherwise reads
   * again. Two round trips, no transaction held open while the board is built.
   */
  private async numberNextUpdate(
    orgId: string,
    contestId: string,
  ): Promise<{ update: LeaderboardUpdate; celebrations: LeaderboardDiff['celebrations'] } | null> {
    for (let attempt = 1; ; attempt++) {
      const [row]: (BoardInputsRow & {
        seq: string | null;
        entries: LeaderboardEntry[] | null;
        updated_at: Date;
      })[] = await this.dataSource.query(
        `SELECT s.seq, s.entries, c.updated_at, ${BOARD_INPUTS_COLUMNS}
         FROM contests c LEFT JOIN contest_live_states s ON s.contest_id = c.id WHERE c.id = $1`,
        [contestId],
      );
      if (!row) return null;
      const contest = await this.definition(orgId, contestId, row.updated_at);
      if (!contest) return null; // a draft or archived contest has no live board
      const { roster, totals } = toBoardInputs(row);
      const next = buildLeaderboard(contest, roster, totals);
      // Normally the baseline was stored when the contest was published (seq 0).
      const previous = row.seq === null ? null : row.entries;
      const goal = contest.entity.goalPoints == null ? null : Number(contest.entity.goalPoints);
      const diff = diffLeaderboard(previous, next, goal);
      if (previous && diff.entries.length === 0 && diff.removed.length === 0) return null;
      const seq = row.seq === null ? 1 : Number(row.seq) + 1;
      const stored: unknown[] = await this.dataSource.query(
        row.seq === null
          ? `WITH w AS (INSERT INTO contest_live_states (contest_id, seq, entries) VALUES ($1, $2, $3::jsonb)
               ON CONFLICT DO NOTHING RETURNING 1) SELECT * FROM w`
          : `WITH w AS (UPDATE contest_live_states SET seq = $2, entries = $3::jsonb, updated_at = now()
               WHERE contest_id = $1 AND seq = $2 - 1 RETURNING 1) SELECT * FROM w`,
        [contestId, seq, JSON.stringify(next)],
      );
      if (stored.length === 1) {
        return {
          update: {
            contestId,
            seq,
            entries: diff.entries,
            removed: diff.removed,
            total: next.length,
          },
          celebrations: diff.celebrations,
        };
      }
      if (attempt === 5) throw new Error('the live state kept changing under this instance');
    }
  }
}
