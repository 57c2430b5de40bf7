import { applyLeaderboardUpdate, type Leaderboard, type LeaderboardUpdate } from '@arena/contracts';

/** Participant id → the last rank change seen live (positive: moved up). */
export type Movements = Readonly<Record<string, number>>;

export type LiveBoardStep =
  | { kind: 'applied'; board: Leaderboard; movements: Movements }
  | { kind: 'stale' }
  | { kind: 'gap' };

/**
 * One live update on top of the board the page shows: the contracts' rule for the board itself,
 * plus the movement arrows the patches carry (the board keeps ranks, not how they changed).
 */
export function stepLiveBoard(
  board: Leaderboard,
  movements: Movements,
  update: LeaderboardUpdate,
): LiveBoardStep {
  if (update.contestId !== board.contestId) return { kind: 'stale' };
  const next = applyLeaderboardUpdate(board, update);
  if (next === 'stale') return { kind: 'stale' };
  if (next === 'gap') return { kind: 'gap' };
  const nextMovements: Record<string, number> = { ...movements };
  for (const id of update.removed) delete nextMovements[id];
  for (const patch of update.entries) {
    if (patch.movement !== undefined) nextMovements[patch.id] = patch.movement;
  }
  return { kind: 'applied', board: next, movements: nextMovements };
}
