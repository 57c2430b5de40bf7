/**
 * Who can be scored — the one rule, used wherever users enter a contest: an active user whose
 * `competes` flag is on (reps by default; managers and admins who play as well as coach opt in).
 * Activities are recorded only for them, individual contests take only them as participants,
 * and boards (team totals too) count only them.
 */
export function competes(user: { active: boolean; competes: boolean }): boolean {
  return user.active && user.competes;
}

/** The same rule as a TypeORM `where` on users. */
export const COMPETES_WHERE = { active: true, competes: true } as const;

/** The same rule in SQL, for a users table aliased `alias`. */
export const competesSql = (alias: string) => `(${alias}.active AND ${alias}.competes)`;

export const NOT_COMPETING =
  'does not compete in contests (an admin can turn "competes" on for a player-coach)';
