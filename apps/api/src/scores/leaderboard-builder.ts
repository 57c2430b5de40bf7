import type { BreakdownLine, LeaderboardEntry, ParticipantRef } from '@arena/contracts';
import { aggregateTeam, goalReached, rankEntries, toPointsNumber } from '@arena/scoring';
import Decimal from 'decimal.js';
import type { LoadedContest } from './scoring-contest';

/** One rep's exact totals in a contest, per activity type. */
export interface UserTotals {
  points: string;
  breakdown: Map<string, { units: string; countedUnits: string; points: string }>;
}

export interface Roster {
  /** Active users by id (individual participants, team members). */
  users: Map<string, { id: string; name: string; teamId: string | null }>;
  /** Participating teams by id (team mode). */
  teams: Map<string, { id: string; name: string }>;
}

/**
 * The ranked leaderboard of a contest from its reps' exact totals — the same code for kept scores
 * and for previews. Team mode aggregates each participating team's current active members.
 */
export function buildLeaderboard(
  contest: LoadedContest,
  roster: Roster,
  totals: Map<string, UserTotals>,
): LeaderboardEntry[] {
  const { entity } = contest;
  const rows: Array<{
    participant: ParticipantRef;
    name: string;
    points: string;
    breakdown: BreakdownLine[];
  }> = [];
  if (entity.mode === 'individual') {
    for (const id of contest.participantIds) {
      const user = roster.users.get(id);
      if (!user) continue; // deactivated reps leave the race
      const own = totals.get(id);
      rows.push({
        participant: { id, kind: 'user', name: user.name },
        name: user.name,
        points: own?.points ?? '0',
        breakdown: breakdownLines(contest, own ? [own] : [], 1),
      });
    }
  } else {
    for (const id of contest.participantIds) {
      const team = roster.teams.get(id);
      if (!team) continue;
      const members = [...roster.users.values()].filter((user) => user.teamId === id);
      const memberTotals = members
        .map((member) => totals.get(member.id))
        .filter((t): t is UserTotals => !!t);
      const points = aggregateTeam(
        members.map((member) => totals.get(member.id)?.points ?? '0'),
        entity.teamAggregation,
      );
      const divisor = entity.teamAggregation === 'average' ? Math.max(members.length, 1) : 1;
      rows.push({
        participant: { id, kind: 'team', name: team.name },
        name: team.name,
        points,
        breakdown: breakdownLines(contest, memberTotals, divisor),
      });
    }
  }
  return rankEntries(rows).map((row) => ({
    rank: row.rank,
    participant: row.participant,
    points: toPointsNumber(row.points),
    goalReached: goalReached(row.points, entity.goalPoints),
    breakdown: row.breakdown,
  }));
}

/** Per rule type, in rule order; points divided by `divisor` for team averages so lines add up to the score. */
export function breakdownLines(
  contest: LoadedContest,
  totals: UserTotals[],
  divisor: number,
): BreakdownLine[] {
  const lines: BreakdownLine[] = [];
  for (const type of contest.ruleTypes) {
    let units = new Decimal(0);
    let counted = new Decimal(0);
    let points = new Decimal(0);
    for (const total of totals) {
      const line = total.breakdown.get(type);
      if (!line) continue;
      units = units.plus(line.units);
      counted = counted.plus(line.countedUnits);
      points = points.plus(line.points);
    }
    if (units.isZero()) continue;
    lines.push({
      activityType: type,
      units: units.toNumber(),
      countedUnits: counted.toNumber(),
      points: toPointsNumber(points.dividedBy(divisor)),
    });
  }
  return lines;
}
