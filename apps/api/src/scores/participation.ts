/**
 * Who takes part in a contest — the one rule, in SQL, for set-based statements that must not load
 * a contest's participant list (up to 100,000 ids): team mode scores every rep (boards aggregate
 * the current members of the participating teams), and so do individual contests open to
 * everyone (`participant_scope` 'all') or to teams' members ('teams') — who is on their board
 * follows the roster live (`contest_scores.on_board`), with the points the rep has; individual
 * contests of listed reps score those reps.
 *
 * `contest` is an alias of a `contests` row in the statement; `userId` a uuid expression.
 */
export function takesPartSql(contest: string, userId: string): string {
  return `(${contest}.mode = 'team' OR ${contest}.participant_scope <> 'listed' OR EXISTS (
    SELECT 1 FROM contest_participants p WHERE p.contest_id = ${contest}.id AND p.user_id = ${userId}))`;
}

/**
 * The same rule for one contest whose mode and scope are known (a full re-score's log, read in
 * one statement): nothing to check when every rep takes part, else membership of its listed reps
 * as one semi-join instead of a test per activity. `userId` a uuid expression.
 */
export function takesPartOfSql(
  contest: { id: string; mode: string; participantScope: string },
  userId: string,
): string {
  if (contest.mode === 'team' || contest.participantScope !== 'listed') return 'true';
  if (!/^[0-9a-f-]{36}$/i.test(contest.id)) throw new Error(`Not a uuid: ${contest.id}`);
  return `${userId} IN (SELECT p.user_id FROM contest_participants p
    WHERE p.contest_id = '${contest.id}'::uuid AND p.user_id IS NOT NULL)`;
}
