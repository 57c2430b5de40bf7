import type { LeaderboardEntry } from '@arena/contracts';
import { goalReached, toPointsNumber } from '@arena/scoring';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../common/prepared-query';
import type { BoardCounts } from './board-counts';
import { breakdownLines, type UserTotals } from './leaderboard-builder';
import type { LoadedContest } from './scoring-contest';

/*
 * An individual contest's board read from the standings (`contest_scores` with `name`, `on_board`
 * and `rank_points`, migration Standings1795850000000) through the ordered partial index
 * `idx_contest_scores_board (contest_id, rank_points DESC, name, user_id) WHERE on_board`:
 * SPEC §3 order is the index order (points as displayed, then name in the collation
 * `arena_names`, then id). A page is one range scan of `offset + limit` index entries; around-me
 * is four short range scans from the participant's own key; the total is `contest_boards.entries`,
 * kept by triggers. A rank is 1 + the entries with higher rank_points, from the instance's board
 * counts (`board-counts.ts`), not a count over the index.
 */

/** A board row as read: the rep, exact and displayed points, and their breakdown lines. */
export interface StandingRow {
  user_id: string;
  name: string;
  points: string;
  rank_points: string;
  /** [activity_type, units, counted_units, points] */
  lines: [string, string, string, string][];
}

/** The columns of a board row `w` (a subquery over contest_scores): breakdown lines included. */
const ROW_JSON = `json_build_array(w.user_id, w.name, w.points::text, w.rank_points::text,
  (SELECT coalesce(json_agg(json_build_array(l.activity_type, l.units::text, l.counted_units::text, l.points::text)), '[]')
     FROM contest_score_lines l WHERE l.contest_id = w.contest_id AND l.user_id = w.user_id))`;

/** Board order, and its reverse (for the entries above a participant, read upwards). */
const DOWN = `rank_points DESC, name, user_id`;

type RawRow = [string, string, string, string, StandingRow['lines']];

function toRow([user_id, name, points, rank_points, lines]: RawRow): StandingRow {
  return { user_id, name, points, rank_points, lines };
}

/** How many reps are on the board (kept by triggers: no count over the board). */
const TOTAL = `coalesce((SELECT b.entries FROM contest_boards b WHERE b.contest_id = $1), 0)::int`;

/** The board's live seq (SPEC §5), read with the board itself: one snapshot, one round trip. */
const SEQ = `coalesce((SELECT ls.seq FROM contest_live_states ls WHERE ls.contest_id = $1), 0)::text`;

const ON = `s.contest_id = $1 AND s.on_board`;
/** A value of the participant's own row, as a parameter the index range can start from. */
const MY = (column: string) => `(SELECT me.${column} FROM me)`;

/**
 * The statements, exported for `npm run bench:standings` (EXPLAIN ANALYZE of exactly these).
 * page: $1 contest, $2 limit (null = all), $3 offset. around: $1 contest, $2 participant, $3 k.
 * of: $1 contest, $2 uuid[] of reps.
 */
export const STANDINGS_SQL = {
  page: `WITH w AS MATERIALIZED (
       SELECT s.contest_id, s.user_id, s.name, s.points, s.rank_points FROM contest_scores s
        WHERE s.contest_id = $1 AND s.on_board
        ORDER BY s.rank_points DESC, s.name, s.user_id LIMIT $2 OFFSET $3)
     SELECT ${TOTAL} AS total, ${SEQ} AS seq,
       (SELECT coalesce(json_agg(${ROW_JSON} ORDER BY ${DOWN}), '[]') FROM w) AS rows`,
  around: `WITH me AS MATERIALIZED (
         SELECT s.contest_id, s.user_id, s.name, s.points, s.rank_points FROM contest_scores s
          WHERE s.contest_id = $1 AND s.user_id = $2 AND s.on_board),
       up AS MATERIALIZED (
         SELECT * FROM (
           (SELECT s.contest_id, s.user_id, s.name, s.points, s.rank_points FROM contest_scores s
             WHERE ${ON} AND s.rank_points = ${MY('rank_points')} AND (s.name, s.user_id) < (${MY('name')}, ${MY('user_id')})
             ORDER BY s.name DESC, s.user_id DESC LIMIT $3)
           UNION ALL
           (SELECT s.contest_id, s.user_id, s.name, s.points, s.rank_points FROM contest_scores s
             WHERE ${ON} AND s.rank_points > ${MY('rank_points')}
             ORDER BY s.rank_points, s.name DESC, s.user_id DESC LIMIT $3)) a
          ORDER BY rank_points, name DESC, user_id DESC LIMIT $3),
       down AS MATERIALIZED (
         SELECT * FROM (
           (SELECT s.contest_id, s.user_id, s.name, s.points, s.rank_points FROM contest_scores s
             WHERE ${ON} AND s.rank_points = ${MY('rank_points')} AND (s.name, s.user_id) > (${MY('name')}, ${MY('user_id')})
             ORDER BY s.name, s.user_id LIMIT $3)
           UNION ALL
           (SELECT s.contest_id, s.user_id, s.name, s.points, s.rank_points FROM contest_scores s
             WHERE ${ON} AND s.rank_points < ${MY('rank_points')}
             ORDER BY s.rank_points DESC, s.name, s.user_id LIMIT $3)) b
          ORDER BY ${DOWN} LIMIT $3),
       w AS (SELECT * FROM up UNION ALL SELECT * FROM me UNION ALL SELECT * FROM down)
       SELECT ${TOTAL} AS total, ${SEQ} AS seq, EXISTS (SELECT 1 FROM me) AS found,
         (SELECT coalesce(json_agg(${ROW_JSON} ORDER BY ${DOWN}), '[]') FROM w) AS rows`,
  of: `SELECT ${ROW_JSON} AS row
       FROM contest_scores w
      WHERE w.contest_id = $1 AND w.user_id = ANY($2::uuid[]) AND w.on_board
      ORDER BY ${DOWN}`,
};

/**
 * Page sizes read from the top whose statement carries its LIMIT as a constant: a LIMIT parameter
 * makes PostgreSQL plan every execution anew (its generic plan, costed for an unknown limit, never
 * wins), ~0.25 ms of the server's CPU per read; with the constant it keeps one plan per size.
 * A few sizes only (the client's pages, the live top), so each connection keeps a few statements.
 */
const PLANNED_PAGE_SIZES = new Set([10, 20, 25, 50, 100]);
const plannedPages = new Map<number, string>();
if (!STANDINGS_SQL.page.includes('LIMIT $2 OFFSET $3'))
  throw new Error('standings: the page statement lost the LIMIT its planned sizes replace');

/** The page statement and its values: the size as a constant for a planned size from the top. */
function pageStatement(
  contestId: string,
  limit: number | null,
  offset: number,
): [string, unknown[]] {
  if (offset !== 0 || limit === null || !PLANNED_PAGE_SIZES.has(limit))
    return [STANDINGS_SQL.page, [contestId, limit, offset]];
  let text = plannedPages.get(limit);
  if (!text) {
    text = STANDINGS_SQL.page.replace('LIMIT $2 OFFSET $3', `LIMIT ${limit}`);
    plannedPages.set(limit, text);
  }
  return [text, [contestId]];
}

/** Entries of a board with its size and, when read with them, its live seq. */
export interface BoardSlice {
  entries: LeaderboardEntry[];
  total: number;
  /** The board's live seq in the same snapshot (kept individual boards). */
  seq?: number;
}

/**
 * A page of the board: `limit` entries (all when null) from `offset`, with the board's size. A
 * page from the top is ranked from its own rows; a page further down from the board's counts.
 */
export async function standingsPage(
  manager: EntityManager,
  counts: BoardCounts,
  contest: LoadedContest,
  limit: number | null,
  offset: number,
): Promise<BoardSlice> {
  const [result] = await preparedQuery<{ total: number; seq: string; rows: RawRow[] }>(
    manager,
    ...pageStatement(contest.entity.id, limit, offset),
  );
  const rows = result.rows.map(toRow);
  if (offset > 0)
    return {
      entries: await ranked(manager, counts, contest, rows),
      total: result.total,
      seq: Number(result.seq),
    };
  // From the top: standard competition ranking, 1 + everyone above, ties sharing a rank.
  const ranks: number[] = [];
  rows.forEach((row, i) =>
    ranks.push(i > 0 && row.rank_points === rows[i - 1].rank_points ? ranks[i - 1] : i + 1),
  );
  return {
    entries: rows.map((row, i) => standingEntry(contest, row, ranks[i])),
    total: result.total,
    seq: Number(result.seq),
  };
}

/**
 * The `k` entries above a participant, the participant, and the `k` below, in board order; null
 * when the participant is not on the board.
 */
export async function standingsAround(
  manager: EntityManager,
  counts: BoardCounts,
  contest: LoadedContest,
  participantId: string,
  k: number,
): Promise<BoardSlice | null> {
  const [result] = await preparedQuery<{
    total: number;
    seq: string;
    found: boolean;
    rows: RawRow[];
  }>(manager, STANDINGS_SQL.around, [contest.entity.id, participantId, k]);
  if (!result.found) return null;
  return {
    entries: await ranked(manager, counts, contest, result.rows.map(toRow)),
    total: result.total,
    seq: Number(result.seq),
  };
}

/** The board entries of the given reps (those on the board), in board order, each with its rank. */
export async function standingsOf(
  manager: EntityManager,
  counts: BoardCounts,
  contest: LoadedContest,
  userIds: readonly string[],
): Promise<LeaderboardEntry[]> {
  if (userIds.length === 0) return [];
  const rows: Array<{ row: RawRow }> = await manager.query(STANDINGS_SQL.of, [
    contest.entity.id,
    userIds,
  ]);
  return ranked(
    manager,
    counts,
    contest,
    rows.map(({ row }) => toRow(row)),
  );
}

/**
 * One rep's board entry (null when they are not on the board) and, read in the same statement,
 * the JSON value `extraSql` selects ($1 the contest, $2 the rep): one round trip for "my score
 * and why".
 */
export async function standingWith<T>(
  manager: EntityManager,
  counts: BoardCounts,
  contest: LoadedContest,
  userId: string,
  extraSql: string,
): Promise<{ entry: LeaderboardEntry | null; extra: T }> {
  const [result] = await preparedQuery<{ row: RawRow | null; extra: T }>(
    manager,
    `SELECT (SELECT ${ROW_JSON} FROM contest_scores w
              WHERE w.contest_id = $1 AND w.user_id = $2 AND w.on_board) AS row,
            (${extraSql}) AS extra`,
    [contest.entity.id, userId],
  );
  const [entry] = result.row ? await ranked(manager, counts, contest, [toRow(result.row)]) : [];
  return { entry: entry ?? null, extra: result.extra };
}

/** Rows as entries, each ranked 1 + the board entries with more displayed points. */
async function ranked(
  manager: EntityManager,
  counts: BoardCounts,
  contest: LoadedContest,
  rows: StandingRow[],
): Promise<LeaderboardEntry[]> {
  if (rows.length === 0) return [];
  const counter = await counts.counter(
    manager,
    contest.entity.id,
    rows.map((row) => row.rank_points),
  );
  return rows.map((row) => standingEntry(contest, row, 1 + counter.above(row.rank_points)));
}

/** A standings row as a board entry (also the live windows' reads, `live/window-reads.ts`). */
export function standingEntry(
  contest: LoadedContest,
  row: StandingRow,
  rank: number,
): LeaderboardEntry {
  const totals: UserTotals = {
    points: row.points,
    breakdown: new Map(
      row.lines.map(([type, units, countedUnits, points]) => [
        type,
        { units, countedUnits, points },
      ]),
    ),
  };
  return {
    rank,
    participant: { id: row.user_id, kind: 'user', name: row.name },
    points: toPointsNumber(row.points),
    goalReached: goalReached(row.points, contest.entity.goalPoints),
    breakdown: breakdownLines(contest, [totals], 1),
  };
}

/**
 * Every current board member of a published contest gets a standings row (0 points until they
 * score), and existing rows follow who is on the board now — after a publish or a re-score
 * (participants or scope may have changed). Set-based: one INSERT … SELECT from the contest's
 * participants (or the organisation's reps, or the listed teams' members), one UPDATE of the rows
 * whose `on_board` or name is stale — unless `refresh` is false: after a re-score, whose rows were
 * all written with the name and membership read under FOR SHARE (ContestRescorer), none is.
 */
export async function ensureBoardRows(
  manager: EntityManager,
  contestId: string,
  { refresh = true }: { refresh?: boolean } = {},
): Promise<void> {
  await manager.query(
    `INSERT INTO contest_scores (org_id, contest_id, user_id, points, name, on_board)
     SELECT c.org_id, c.id, u.id, 0, u.name, true
       FROM contests c
       JOIN contest_participants p ON p.contest_id = c.id
       JOIN users u ON u.id = p.user_id AND u.org_id = c.org_id
      WHERE c.id = $1 AND c.published_at IS NOT NULL AND c.mode = 'individual' AND c.participant_scope = 'listed'
        AND u.active AND u.competes
     UNION ALL
     SELECT c.org_id, c.id, u.id, 0, u.name, true
       FROM contests c
       JOIN contest_participants p ON p.contest_id = c.id
       JOIN users u ON u.team_id = p.team_id AND u.org_id = c.org_id
      WHERE c.id = $1 AND c.published_at IS NOT NULL AND (c.mode = 'team' OR c.participant_scope = 'teams')
        AND u.active AND u.competes
     UNION ALL
     SELECT c.org_id, c.id, u.id, 0, u.name, true
       FROM contests c JOIN users u ON u.org_id = c.org_id
      WHERE c.id = $1 AND c.published_at IS NOT NULL AND c.mode = 'individual' AND c.participant_scope = 'all'
        AND u.active AND u.competes
     ORDER BY 3
     ON CONFLICT DO NOTHING`,
    [contestId],
  );
  if (!refresh) return;
  await manager.query(
    `UPDATE contest_scores s
        SET on_board = arena_on_board(c.id, c.mode, c.participant_scope, u.id, u.team_id, u.active AND u.competes),
            name = u.name
       FROM contests c, users u
      WHERE s.contest_id = $1 AND c.id = s.contest_id AND u.id = s.user_id
        AND (s.on_board IS DISTINCT FROM arena_on_board(c.id, c.mode, c.participant_scope, u.id, u.team_id, u.active AND u.competes)
             OR s.name COLLATE "C" <> u.name COLLATE "C")`,
    [contestId],
  );
}

/**
 * A draft's board: everyone who would be on it, at 0 points, all ranked 1, listed by name then
 * id (SPEC §3) — drafts keep no standings rows, and are read by their designers only.
 */
export async function draftBoard(
  manager: EntityManager,
  contest: LoadedContest,
): Promise<LeaderboardEntry[]> {
  const rows: Array<{ id: string; name: string }> = await manager.query(
    `SELECT u.id, u.name FROM contests c JOIN users u ON u.org_id = c.org_id
      WHERE c.id = $1 AND u.active AND u.competes
        AND arena_on_board(c.id, c.mode, c.participant_scope, u.id, u.team_id, true)
      ORDER BY u.name COLLATE arena_names, u.id`,
    [contest.entity.id],
  );
  return rows.map((row) => ({
    rank: 1,
    participant: { id: row.id, kind: 'user', name: row.name },
    points: 0,
    goalReached: false,
    breakdown: [],
  }));
}
