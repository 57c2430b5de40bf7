/**
 * Who takes part in a contest — the one rule, in SQL, for set-based statements that must not load
 * a contest's participant list (up to 100,000 ids): team mode scores every rep (boards aggregate
 * the current members of the participating teams); individual mode scores the listed reps.
 *
 * `contest` is an alias of a `contests` row in the statement; `userId` a uuid expression.
 */
export function takesPartSql(contest: string, userId: string): string {
  return `(${contest}.mode = 'team' OR EXISTS (
    SELECT 1 FROM contest_participants p WHERE p.contest_id = ${contest}.id AND p.user_id = ${userId}))`;
}
