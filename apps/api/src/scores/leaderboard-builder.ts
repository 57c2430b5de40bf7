import type { BreakdownLine, LeaderboardEntry, ParticipantRef } from '@arena/contracts';
import { aggregateTeam, goalReached, rankEntries, toPointsNumber } from '@arena/scoring';
import Decimal from 'decimal.js';
import type { LoadedContest } from './scoring-contest';
import { competesSql } from '../users/competitors';

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

/** What a kept board is built from: the reps' kept totals and the contest's current roster. */
export interface BoardInputs {
  roster: Roster;
  totals: Map<string, UserTotals>;
}

/**
 * Columns that read a contest's board inputs in the same statement as anything else about the
 * contest `c`: kept scores and breakdown lines, the competing participants or team members, and
 * the teams. Numbers travel as text: they are exact decimals.
 */
export const BOARD_INPUTS_COLUMNS = `
  (SELECT coalesce(json_agg(json_build_array(s.user_id, s.points::text)), '[]')
     FROM contest_scores s WHERE s.contest_id = c.id) AS board_scores,
  (SELECT coalesce(json_agg(json_build_array(l.user_id, l.activity_type, l.units::text, l.counted_units::text, l.points::text)), '[]')
     FROM contest_score_lines l WHERE l.contest_id = c.id) AS board_lines,
  (SELECT coalesce(json_agg(json_build_array(u.id, u.name, u.team_id)), '[]')
     FROM users u WHERE u.org_id = c.org_id AND ${competesSql('u')} AND EXISTS (
       SELECT 1 FROM contest_participants p WHERE p.contest_id = c.id AND (p.user_id = u.id OR p.team_id = u.team_id))) AS board_users,
  (SELECT coalesce(json_agg(json_build_array(t.id, t.name)), '[]')
     FROM teams t WHERE t.org_id = c.org_id AND EXISTS (
       SELECT 1 FROM contest_participants p WHERE p.contest_id = c.id AND p.team_id = t.id)) AS board_teams`;

/** A result row holding `BOARD_INPUTS_COLUMNS`. */
export interface BoardInputsRow {
  board_scores: [string, string][];
  board_lines: [string, string, string, string, string][];
  board_users: [string, string, string | null][];
  board_teams: [string, string][];
}

export function toBoardInputs(row: BoardInputsRow): BoardInputs {
  const totals = new Map<string, UserTotals>();
  for (const [userId, points] of row.board_scores)
    totals.set(userId, { points, breakdown: new Map() });
  for (const [userId, type, units, countedUnits, points] of row.board_lines)
    totals.get(userId)?.breakdown.set(type, { units, countedUnits, points });
  return {
    totals,
    roster: {
      users: new Map(row.board_users.map(([id, name, teamId]) => [id, { id, name, teamId }])),
      teams: new Map(row.board_teams.map(([id, name]) => [id, { id, name }])),
    },
  };
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
    id: string;
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
        id,
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
        id,
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
