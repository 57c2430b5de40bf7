import { randomUUID } from 'node:crypto';
import {
  LIVE_COALESCE_MS,
  type Leaderboard,
  type LeaderboardEntry,
  type LeaderboardUpdate,
} from '@arena/contracts';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '../common/domain-events';
import { KeyedCoalescer } from '../common/keyed-coalescer';
import { OrgSql } from '../common/org-sql';
import { RequestContext } from '../common/request-context';
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

/**
 * Turns score changes into numbered leaderboard updates. Changes to one contest are coalesced
 * on the leading edge: a change after a quiet spell goes out at once, and during a burst the next
 * flush starts one window (`LIVE_COALESCE_MS`) after the previous one started — so no change
 * waits more than a window plus one flush, a contest gets at most one update per window, and a
 * burst always ends with the final state.
 *
 * A flush reads the contest's last broadcast and its board, diffs them and stores the new board
 * with `seq + 1` only if the stored seq is still the one it read: numbering is shared by every
 * instance, and each update is exactly the change from the one before.
 */
@Injectable()
export class LeaderboardStream implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LeaderboardStream');
  /** Per contest, the organisation it belongs to; on a graceful stop, waiting changes go out. */
  private readonly updates = new KeyedCoalescer<string>({
    windowMs: LIVE_COALESCE_MS,
    edge: 'leading',
    onStop: 'flush',
    run: (contestId, orgId) => RequestContext.runAsOrg(orgId, () => this.flush(contestId)),
    // The change is still owed to the subscribers: the coalescer retries in the next window.
    onError: (contestId, error) =>
      this.logger.error(`Leaderboard update of ${contestId} failed, retrying: ${String(error)}`),
  });
  /** Contest definitions between flushes, valid while the contest's updated_at is unchanged. */
  private readonly definitions = new Map<string, LoadedContest>();

  constructor(
    private readonly sql: OrgSql,
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

  /** On a graceful stop, waiting changes are broadcast now rather than lost. */
  async onModuleDestroy(): Promise<void> {
    await this.updates.stop();
  }

  notify(orgId: string, contestId: string): void {
    this.updates.notify(contestId, () => orgId);
  }

  /** Resolves once every change so far has been broadcast (or found to change nothing). */
  whenIdle(): Promise<void> {
    return this.updates.whenIdle();
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
    const [state] = await this.sql.query<{ seq: string; entries: LeaderboardEntry[] }>(
      `SELECT s.seq, s.entries FROM contest_live_states s JOIN contests c ON c.id = s.contest_id
       WHERE c.org_id = $1 AND s.contest_id = $2`,
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
    const entries = await this.leaderboards.rankedEntries(this.sql.readManager, contest);
    return { contestId, seq: 0, entries, total: entries.length };
  }

  /** Runs as the contest's organisation (`runAsOrg`). */
  private async flush(contestId: string): Promise<void> {
    const result = await this.numberNextUpdate(contestId);
    if (!result) return;
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

  private async definition(contestId: string, updatedAt: Date): Promise<LoadedContest | null> {
    const cached = this.definitions.get(contestId);
    if (cached && cached.entity.updatedAt.getTime() === updatedAt.getTime()) return cached;
    const [contest] = await this.scoreKeeper.loadContests(this.sql.readManager, this.sql.orgId, {
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
    contestId: string,
  ): Promise<{ update: LeaderboardUpdate; celebrations: LeaderboardDiff['celebrations'] } | null> {
    for (let attempt = 1; ; attempt++) {
      const [row] = await this.sql.query<
        BoardInputsRow & {
          seq: string | null;
          entries: LeaderboardEntry[] | null;
          updated_at: Date;
        }
      >(
        `SELECT s.seq, s.entries, c.updated_at, ${BOARD_INPUTS_COLUMNS}
         FROM contests c LEFT JOIN contest_live_states s ON s.contest_id = c.id
         WHERE c.org_id = $1 AND c.id = $2`,
        [contestId],
      );
      if (!row) return null;
      const contest = await this.definition(contestId, row.updated_at);
      if (!contest) return null; // a draft or archived contest has no live board
      const { roster, totals } = toBoardInputs(row);
      // Individual boards come from the standings (they may be open to everyone or to teams'
      // members, which the roster above does not resolve); team boards are built from the roster.
      const next =
        contest.entity.mode === 'individual'
          ? await this.leaderboards.rankedEntries(this.sql.readManager, contest)
          : buildLeaderboard(contest, roster, totals);
      // Normally the baseline was stored when the contest was published (seq 0).
      const previous = row.seq === null ? null : row.entries;
      const goal = contest.entity.goalPoints == null ? null : Number(contest.entity.goalPoints);
      const diff = diffLeaderboard(previous, next, goal);
      if (previous && diff.entries.length === 0 && diff.removed.length === 0) return null;
      const seq = row.seq === null ? 1 : Number(row.seq) + 1;
      // The contest was read in this organisation just above; the live state row is the contest's.
      const stored = await this.sql.query(
        row.seq === null
          ? `WITH w AS (INSERT INTO contest_live_states (org_id, contest_id, seq, entries)
               SELECT c.org_id, c.id, $3::bigint, $4::jsonb FROM contests c WHERE c.org_id = $1 AND c.id = $2
               ON CONFLICT DO NOTHING RETURNING 1) SELECT * FROM w`
          : `WITH w AS (UPDATE contest_live_states s SET seq = $3, entries = $4::jsonb, updated_at = now()
               FROM contests c WHERE c.id = s.contest_id AND c.org_id = $1
                 AND s.contest_id = $2 AND s.seq = $3 - 1 RETURNING 1) SELECT * FROM w`,
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
