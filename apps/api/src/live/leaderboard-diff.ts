import type { Celebration, LeaderboardEntry, LeaderboardEntryPatch } from '@arena/contracts';

export interface LeaderboardDiff {
  entries: LeaderboardEntryPatch[];
  removed: string[];
  /** Goal reached and new leader, relative to the previous broadcast. */
  celebrations: Array<Omit<Celebration, 'id' | 'at' | 'contestId'>>;
}

/**
 * What changed between two broadcasts of one contest's board. `previous` is null before the
 * first broadcast: everything is new then, but nothing is celebrated (the board was not watched).
 */
export function diffLeaderboard(
  previous: LeaderboardEntry[] | null,
  next: LeaderboardEntry[],
  goalPoints: number | null,
): LeaderboardDiff {
  const before = new Map((previous ?? []).map((entry) => [entry.participant.id, entry]));
  const entries: LeaderboardEntryPatch[] = [];
  const celebrations: LeaderboardDiff['celebrations'] = [];
  for (const entry of next) {
    const old = before.get(entry.participant.id);
    const patch = patchFrom(old, entry);
    if (patch) entries.push(patch);
    if (previous && entry.goalReached && !old?.goalReached) {
      celebrations.push({
        kind: 'goal_reached',
        participant: entry.participant,
        message: `${entry.participant.name} reached the goal${goalPoints ? ` of ${goalPoints.toLocaleString('en')} points` : ''}!`,
      });
    }
  }
  const present = new Set(next.map((entry) => entry.participant.id));
  const removed = [...before.keys()].filter((id) => !present.has(id));

  const leader = soleLeader(next);
  const oldLeader = previous ? soleLeader(previous) : null;
  if (previous && leader && leader.participant.id !== oldLeader?.participant.id) {
    celebrations.push({
      kind: 'new_leader',
      participant: leader.participant,
      message: `${leader.participant.name} takes the lead with ${leader.points.toLocaleString('en')} points!`,
    });
  }
  return { entries, removed, celebrations };
}

/** The one participant alone at rank 1 with points, if any. */
function soleLeader(entries: LeaderboardEntry[]): LeaderboardEntry | null {
  const top = entries.filter((entry) => entry.rank === 1);
  return top.length === 1 && top[0].points > 0 ? top[0] : null;
}

/** The fields of `next` that differ from `old`, or null when nothing does. */
/** The patch from an entry as a board held it (none: it enters whole) to the entry now; null if unchanged. */
export function patchFrom(
  old: LeaderboardEntry | undefined,
  next: LeaderboardEntry,
): LeaderboardEntryPatch | null {
  return old ? patchOf(old, next) : { id: next.participant.id, ...next, movement: 0 };
}

/** What changed in one entry (null: nothing). */
export function patchOf(
  old: LeaderboardEntry,
  next: LeaderboardEntry,
): LeaderboardEntryPatch | null {
  const patch: LeaderboardEntryPatch = { id: next.participant.id };
  let changed = false;
  if (old.participant.name !== next.participant.name) {
    patch.participant = next.participant;
    changed = true;
  }
  if (old.rank !== next.rank) {
    patch.rank = next.rank;
    patch.movement = old.rank - next.rank;
    changed = true;
  }
  if (old.points !== next.points) {
    patch.points = next.points;
    changed = true;
  }
  if (old.goalReached !== next.goalReached) {
    patch.goalReached = next.goalReached;
    changed = true;
  }
  if (!sameBreakdown(old.breakdown, next.breakdown)) {
    patch.breakdown = next.breakdown;
    changed = true;
  }
  return changed ? patch : null;
}

/** Field by field: entries read back from jsonb do not keep their keys' order. */
function sameBreakdown(
  a: LeaderboardEntry['breakdown'],
  b: LeaderboardEntry['breakdown'],
): boolean {
  return (
    a.length === b.length &&
    a.every(
      (line, i) =>
        line.activityType === b[i].activityType &&
        line.units === b[i].units &&
        line.countedUnits === b[i].countedUnits &&
        line.points === b[i].points,
    )
  );
}
