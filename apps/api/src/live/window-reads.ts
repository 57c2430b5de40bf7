import type { LeaderboardEntry } from '@arena/contracts';
import type { EntityManager } from 'typeorm';
import type { BoardCounts } from '../scores/board-counts';
import type { LoadedContest } from '../scores/scoring-contest';
import { standingEntry, type StandingRow } from '../scores/standings';

/*
 * The live path's reads of a published individual contest's standings (`contest_scores` on the
 * ordered partial index `(contest_id, rank_points DESC, name, user_id) WHERE on_board`): the
 * entries a flush changed (`readEntriesOf`, ranked from the instance's board counts,
 * `scores/board-counts.ts` — no count over the board), and the whole board as last broadcast,
 * which each instance keeps to cut its sockets' windows from (`readBroadcastBoard`, `BoardMirror`).
 * The entries are those of GET …/leaderboard (same order, ranks, points, breakdown): the
 * window-reads and live-windows e2e specs compare them.
 */

/** A row: the rep, exact and displayed points, lines. */
type RawRow = [string, string, string, string, [string, string, string, string][]];

const COLUMNS = `s.contest_id, s.user_id, s.name, s.points, s.rank_points`;
const ON = `s.contest_id = $1 AND s.on_board`;
const ROW_JSON = `json_build_array(w.user_id, w.name, w.points::text, w.rank_points::text,
  (SELECT coalesce(json_agg(json_build_array(l.activity_type, l.units::text, l.counted_units::text, l.points::text)), '[]')
     FROM contest_score_lines l WHERE l.contest_id = w.contest_id AND l.user_id = w.user_id))`;
/** $1 contest, $2 reps (uuid[]). */
export const ENTRIES_SQL = `WITH w AS MATERIALIZED (
     SELECT ${COLUMNS} FROM contest_scores s WHERE ${ON} AND s.user_id = ANY($2::uuid[]))
   SELECT (SELECT coalesce(json_agg(${ROW_JSON} ORDER BY w.rank_points DESC, w.name, w.user_id), '[]') FROM w) AS rows`;

/** Whether these reads apply: a published individual contest keeps standings rows. */
export function readsWindows(contest: LoadedContest): boolean {
  return contest.entity.mode === 'individual' && contest.entity.publishedAt !== null;
}

/**
 * The whole board as of its last numbered update, in board order with ranks: every entry on the
 * board now, with the points and goal last broadcast (`contest_live_points`, written with the
 * seq) — the board as of that seq exactly, read with it in one statement. Names and breakdowns
 * are today's (a later update carries any that changed since). $1 org, $2 contest.
 */
export const BROADCAST_BOARD_SQL = `SELECT
     coalesce((SELECT ls.seq FROM contest_live_states ls WHERE ls.org_id = $1 AND ls.contest_id = $2), 0)::text AS seq,
     (SELECT coalesce(json_agg(json_build_array(w.user_id, w.name, w.points::text, w.goal,
        (SELECT coalesce(json_agg(json_build_array(l.activity_type, l.units::text, l.counted_units::text, l.points::text)), '[]')
           FROM contest_score_lines l WHERE l.contest_id = w.contest_id AND l.user_id = w.user_id))
        ORDER BY w.points DESC, w.name, w.user_id), '[]')
      FROM (SELECT s.contest_id, s.user_id, s.name, coalesce(lp.points, 0) AS points,
                   coalesce(lp.goal_reached, false) AS goal
              FROM contest_scores s
              LEFT JOIN contest_live_points lp ON lp.contest_id = s.contest_id AND lp.participant_id = s.user_id
             WHERE s.org_id = $1 AND s.contest_id = $2 AND s.on_board) w) AS rows`;

/** The board as last broadcast (`BROADCAST_BOARD_SQL`), ranked, with its seq. */
export async function readBroadcastBoard(
  manager: EntityManager,
  contest: LoadedContest,
): Promise<{ seq: number; entries: LeaderboardEntry[] }> {
  const [result]: [
    { seq: string; rows: Array<[string, string, string, boolean, StandingRow['lines']]> },
  ] = await manager.query(BROADCAST_BOARD_SQL, [contest.entity.orgId, contest.entity.id]);
  const entries: LeaderboardEntry[] = [];
  let rank = 0;
  result.rows.forEach(([user_id, name, points, goal, lines], i) => {
    if (i === 0 || Number(points) !== Number(result.rows[i - 1][2])) rank = i + 1;
    const entry = standingEntry(
      contest,
      { user_id, name, points, rank_points: points, lines },
      rank,
    );
    entries.push(entry.goalReached === goal ? entry : { ...entry, goalReached: goal });
  });
  return { seq: Number(result.seq), entries };
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
  return result.rows.map((row) => toEntry(contest, row, rank(row[3])));
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
    rows.map((row) => row[3]),
  );
  return (rankPoints) => 1 + counter.above(rankPoints);
}

function toEntry(contest: LoadedContest, row: RawRow, rank: number): LeaderboardEntry {
  const [user_id, name, points, rank_points, lines] = row;
  return standingEntry(contest, { user_id, name, points, rank_points, lines }, rank);
}
