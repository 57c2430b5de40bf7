import type { LeaderboardEntry } from '@arena/contracts';
import type { EntityManager } from 'typeorm';
import type { BoardCounts } from '../scores/board-counts';
import type { LoadedContest } from '../scores/scoring-contest';
import { standingEntry } from '../scores/standings';

/*
 * The live path's reads of many board windows at once, for a published individual contest (its
 * standings: `contest_scores` on the ordered partial index `(contest_id, rank_points DESC, name,
 * user_id) WHERE on_board`). One update may have to re-read the neighbourhoods of hundreds of
 * sockets (each rep follows `around: 'me'`): read one by one, each costs its own rank counts —
 * O(rank) index entries each, so O(windows × board) per update. Here one statement reads every
 * window's rows (four short index range scans each, from the anchor's key, as GET …?around=
 * does); every rank is 1 + the entries with more points, from the instance's board counts
 * (`scores/board-counts.ts`) — no count over the board.
 * The entries are those of GET …/leaderboard (same order, ranks, points, breakdown): the
 * live-windows e2e spec compares them.
 */

/** A row: the window's anchor (null for `entriesOf`), the rep, exact and displayed points, lines. */
type RawRow = [string | null, string, string, string, string, [string, string, string, string][]];

const COLUMNS = `s.contest_id, s.user_id, s.name, s.points, s.rank_points`;
const ON = `s.contest_id = $1 AND s.on_board`;
const ROW_JSON = `json_build_array(w.anchor, w.user_id, w.name, w.points::text, w.rank_points::text,
  (SELECT coalesce(json_agg(json_build_array(l.activity_type, l.units::text, l.counted_units::text, l.points::text)), '[]')
     FROM contest_score_lines l WHERE l.contest_id = w.contest_id AND l.user_id = w.user_id))`;
/** $1 contest, $2 anchors (uuid[]), $3 entries each side. */
export const WINDOWS_SQL = `WITH me AS MATERIALIZED (
     SELECT s.user_id AS anchor, s.name, s.rank_points FROM contest_scores s
      WHERE ${ON} AND s.user_id = ANY($2::uuid[])),
   w AS MATERIALIZED (
     SELECT me.anchor, n.* FROM me CROSS JOIN LATERAL (
       SELECT * FROM (
         (SELECT ${COLUMNS} FROM contest_scores s
           WHERE ${ON} AND s.rank_points = me.rank_points AND (s.name, s.user_id) < (me.name, me.anchor)
           ORDER BY s.name DESC, s.user_id DESC LIMIT $3)
         UNION ALL
         (SELECT ${COLUMNS} FROM contest_scores s
           WHERE ${ON} AND s.rank_points > me.rank_points
           ORDER BY s.rank_points, s.name DESC, s.user_id DESC LIMIT $3)) a
        ORDER BY a.rank_points, a.name DESC, a.user_id DESC LIMIT $3) n
     UNION ALL
     SELECT me.anchor, ${COLUMNS} FROM me JOIN contest_scores s ON ${ON} AND s.user_id = me.anchor
     UNION ALL
     SELECT me.anchor, n.* FROM me CROSS JOIN LATERAL (
       SELECT * FROM (
         (SELECT ${COLUMNS} FROM contest_scores s
           WHERE ${ON} AND s.rank_points = me.rank_points AND (s.name, s.user_id) > (me.name, me.anchor)
           ORDER BY s.name, s.user_id LIMIT $3)
         UNION ALL
         (SELECT ${COLUMNS} FROM contest_scores s
           WHERE ${ON} AND s.rank_points < me.rank_points
           ORDER BY s.rank_points DESC, s.name, s.user_id LIMIT $3)) b
        ORDER BY b.rank_points DESC, b.name, b.user_id LIMIT $3) n)
   SELECT (SELECT coalesce(json_agg(${ROW_JSON} ORDER BY w.anchor, w.rank_points DESC, w.name, w.user_id), '[]') FROM w) AS rows`;

/** $1 contest, $2 reps (uuid[]). */
export const ENTRIES_SQL = `WITH w AS MATERIALIZED (
     SELECT NULL::uuid AS anchor, ${COLUMNS} FROM contest_scores s WHERE ${ON} AND s.user_id = ANY($2::uuid[]))
   SELECT (SELECT coalesce(json_agg(${ROW_JSON} ORDER BY w.rank_points DESC, w.name, w.user_id), '[]') FROM w) AS rows`;

/** Whether these reads apply: a published individual contest keeps standings rows. */
export function readsWindows(contest: LoadedContest): boolean {
  return contest.entity.mode === 'individual' && contest.entity.publishedAt !== null;
}

/**
 * The `k` entries above each anchor, the anchor and the `k` below, in board order, by anchor
 * (an anchor not on the board is absent): `GET …/leaderboard?around=&aroundCount=k` of each.
 */
export async function readWindows(
  manager: EntityManager,
  counts: BoardCounts,
  contest: LoadedContest,
  anchors: readonly string[],
  k: number,
): Promise<Map<string, LeaderboardEntry[]>> {
  const windows = new Map<string, LeaderboardEntry[]>();
  if (anchors.length === 0) return windows;
  const [result]: [{ rows: RawRow[] }] = await manager.query(WINDOWS_SQL, [
    contest.entity.id,
    anchors,
    k,
  ]);
  const rank = await ranks(manager, counts, contest, result.rows);
  for (const row of result.rows) {
    const anchor = row[0] as string;
    let entries = windows.get(anchor);
    if (!entries) windows.set(anchor, (entries = []));
    entries.push(toEntry(contest, row, rank(row[4])));
  }
  return windows;
}

/** The board entries of these reps (those on the board), in board order, each with its rank. */
export async function readEntriesOf(
  manager: EntityManager,
  counts: BoardCounts,
  contest: LoadedContest,
  ids: readonly string[],
): Promise<LeaderboardEntry[]> {
  if (ids.length === 0) return [];
  const [result]: [{ rows: RawRow[] }] = await manager.query(ENTRIES_SQL, [contest.entity.id, ids]);
  const rank = await ranks(manager, counts, contest, result.rows);
  return result.rows.map((row) => toEntry(contest, row, rank(row[4])));
}

/** rank(points) = 1 + the entries with more displayed points, from the board's counts. */
async function ranks(
  manager: EntityManager,
  counts: BoardCounts,
  contest: LoadedContest,
  rows: RawRow[],
): Promise<(rankPoints: string) => number> {
  if (rows.length === 0) return () => 1;
  const counter = await counts.counter(
    manager,
    contest.entity.id,
    rows.map((row) => row[4]),
  );
  return (rankPoints) => 1 + counter.above(rankPoints);
}

function toEntry(contest: LoadedContest, row: RawRow, rank: number): LeaderboardEntry {
  const [, user_id, name, points, rank_points, lines] = row;
  return standingEntry(contest, { user_id, name, points, rank_points, lines }, rank);
}
