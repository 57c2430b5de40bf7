import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
// eslint-disable-next-line no-restricted-imports -- its board reads run outside the caller's transaction, on a pooled connection of their own
import { InjectDataSource } from '@nestjs/typeorm';
// eslint-disable-next-line no-restricted-imports -- see above
import { DataSource, type EntityManager } from 'typeorm';
import { PgListener } from '../common/pg-listener';
import { BOARD_COUNTS_CHANNEL } from '../database/migrations/1796000000000-board-count-notices';
import { hundredths, RankCounts } from './rank-counts';

/*
 * Ranks without counting the board (issue 14). A rank is 1 + the board entries with more
 * displayed points; PostgreSQL's B-tree can only count them by walking them (O(rank)). Each
 * instance keeps, per published individual contest it reads, how many entries score each
 * displayed value (`RankCounts`: O(√D) per count), read once from the standings and then kept
 * current by the notices every statement that changes `contest_scores` sends at its commit
 * (migration BoardCountNotices1796000000000). A notice carries the writing transaction's id and
 * the board read its snapshot, so a notice is applied exactly when the board read did not
 * already include it — whatever the order in which the read and the notices arrive.
 *
 * The rows themselves (who, in which order, with which points) are still read from the standings'
 * ordered index; only the counts come from here. The instance that committed a write has its
 * notice within milliseconds, as has every other instance (one LISTEN connection each). While the
 * LISTEN connection is down nothing is trusted: counts are read from the database
 * (`arena_board_above`), boards are read again once it is back.
 */

/** A board's counts unread for this long are dropped (memory: one entry per distinct score). */
const IDLE_MS = 10 * 60_000;

interface Snapshot {
  xmin: bigint;
  xmax: bigint;
  running: Set<bigint>;
}

/** A notice: the transaction that sent it and what it changed (null: read the board again). */
interface BoardNotice {
  xid: bigint;
  deltas: Array<[number, number]> | null;
}

interface Board {
  /** Set once read; notices arriving meanwhile wait in `early`. */
  counts: RankCounts | null;
  snapshot: Snapshot | null;
  early: BoardNotice[];
  loading: Promise<RankCounts | null> | null;
  usedAt: number;
}

/** Counts of one board at one moment: synchronous once obtained. */
export interface BoardCounter {
  /** Entries with more displayed points than `rankPoints` (text, as read). */
  above(rankPoints: string): number;
  /** Entries with exactly these displayed points. */
  at(rankPoints: string): number;
}

@Injectable()
export class BoardCounts implements OnModuleInit, OnModuleDestroy {
  private readonly boards = new Map<string, Board>();
  private sweeper: NodeJS.Timeout | undefined;
  /** Test hook: boards read from the database so far. */
  loads = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly listener: PgListener,
  ) {
    listener.subscribe(BOARD_COUNTS_CHANNEL, {
      notice: (payload) => this.received(payload),
      // Nothing counted so far can be trusted: notices may have been missed.
      down: () => this.boards.clear(),
    });
  }

  onModuleInit(): void {
    this.sweeper = setInterval(() => this.sweep(), IDLE_MS / 4);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** Whether this instance keeps counts now (its LISTEN is in place). */
  get isListening(): boolean {
    return this.listener.isListening;
  }

  /** Whether this instance holds the counts of this board (read, and kept since). */
  keeps(contestId: string): boolean {
    return this.boards.get(contestId)?.counts != null;
  }

  /** Drops a board's counts: read again on its next use (tests race a read with writes). */
  forget(contestId: string): void {
    this.boards.delete(contestId);
  }

  /**
   * The counts of a contest's board (its standings), or a counter that asks the database when
   * this instance cannot keep them now (its LISTEN connection is down).
   */
  async counter(
    manager: EntityManager,
    contestId: string,
    values: readonly string[],
  ): Promise<BoardCounter> {
    const counts = this.listener.isListening ? await this.countsOf(contestId) : null;
    if (counts) {
      return {
        above: (v) => counts.above(hundredths(v)),
        at: (v) => counts.at(hundredths(v)),
      };
    }
    return this.counted(manager, contestId, values);
  }

  private async countsOf(contestId: string): Promise<RankCounts | null> {
    let board = this.boards.get(contestId);
    if (!board) {
      board = { counts: null, snapshot: null, early: [], loading: null, usedAt: Date.now() };
      this.boards.set(contestId, board);
    }
    board.usedAt = Date.now();
    if (board.counts) return board.counts;
    board.loading ??= this.load(contestId, board);
    return board.loading;
  }

  /**
   * Reads the board's counts and the snapshot they were read in; applies what came after. On a
   * pooled connection of its own, outside the caller's transaction: counts read inside a
   * transaction that wrote scores would include its changes, and keep them if it rolled back.
   */
  private async load(contestId: string, board: Board): Promise<RankCounts | null> {
    try {
      // The caller has read the contest in its own organisation; these are that contest's rows.
      const [row]: [{ snapshot: string; counts: Array<[string, number]> }] =
        await this.dataSource.query(
          `SELECT pg_current_snapshot()::text AS snapshot,
                (SELECT coalesce(json_agg(json_build_array(c.v::text, c.n)), '[]') FROM (
                   SELECT s.rank_points AS v, count(*) AS n FROM contest_scores s
                    WHERE s.contest_id = $1 AND s.on_board GROUP BY s.rank_points) c) AS counts`,
          [contestId],
        );
      this.loads += 1;
      if (this.boards.get(contestId) !== board) return null; // dropped meanwhile (LISTEN lost)
      const counts = RankCounts.of(row.counts.map(([v, n]) => [hundredths(v), Number(n)]));
      const snapshot = parseSnapshot(row.snapshot);
      board.snapshot = snapshot;
      board.counts = counts;
      for (const notice of board.early.splice(0)) this.apply(contestId, board, notice);
      return this.boards.get(contestId) === board ? board.counts : null;
    } finally {
      board.loading = null;
    }
  }

  /** Counts from the database itself, for the given displayed points. */
  private async counted(
    manager: EntityManager,
    contestId: string,
    values: readonly string[],
  ): Promise<BoardCounter> {
    const distinct = [...new Set(values.map(hundredths))];
    const rows: Array<{ v: string; above: string; at: string }> = distinct.length
      ? await manager.query(
          `SELECT v::text, arena_board_above($1, v) AS above,
                  (SELECT count(*) FROM contest_scores s WHERE s.contest_id = $1 AND s.on_board AND s.rank_points = v) AS at
             FROM unnest($2::numeric[]) v`,
          [contestId, distinct.map((h) => (h / 100).toFixed(2))],
        )
      : [];
    const known = new Map(rows.map((r) => [hundredths(r.v), [Number(r.above), Number(r.at)]]));
    const get = (v: string) => {
      const found = known.get(hundredths(v));
      if (!found) throw new Error(`no count read for ${v}`);
      return found;
    };
    return { above: (v) => get(v)[0], at: (v) => get(v)[1] };
  }

  private received(payload: string): void {
    const [contestId, xid, , body] = payload.split(' ');
    const board = this.boards.get(contestId);
    if (!board) return;
    const notice: BoardNotice = {
      xid: BigInt(xid),
      deltas:
        body === 'reload'
          ? null
          : body.split(',').map((pair) => {
              const at = pair.lastIndexOf(':');
              return [hundredths(pair.slice(0, at)), Number(pair.slice(at + 1))];
            }),
    };
    if (!board.counts) board.early.push(notice);
    else this.apply(contestId, board, notice);
  }

  private apply(contestId: string, board: Board, notice: BoardNotice): void {
    if (!board.counts || !board.snapshot || visible(notice.xid, board.snapshot)) return;
    if (!notice.deltas) {
      this.boards.delete(contestId); // read again on the next use
      return;
    }
    for (const [key, n] of notice.deltas) board.counts.add(key, n);
  }

  private sweep(): void {
    const before = Date.now() - IDLE_MS;
    for (const [contestId, board] of this.boards)
      if (board.usedAt < before && !board.loading) this.boards.delete(contestId);
  }
}

/** `pg_current_snapshot()` as text: `xmin:xmax:xip,xip,…`. */
export function parseSnapshot(text: string): Snapshot {
  const [xmin, xmax, xip] = text.split(':');
  return {
    xmin: BigInt(xmin),
    xmax: BigInt(xmax),
    running: new Set(xip ? xip.split(',').map((x) => BigInt(x)) : []),
  };
}

/** Whether a committed transaction's changes are in the snapshot (`pg_visible_in_snapshot`). */
export function visible(xid: bigint, snapshot: Snapshot): boolean {
  if (xid < snapshot.xmin) return true;
  if (xid >= snapshot.xmax) return false;
  return !snapshot.running.has(xid);
}
