import type { AchievementKind, ContestAchievement } from '@arena/contracts';
import type Decimal from 'decimal.js';
import { roundPoints, toDecimal } from './decimal';
import { compareActivities } from './order';
import type { DecimalInput } from './types';

/** One scored activity of the contest (an explanation line), as achievements read it. */
export interface AchievementRow {
  activityId: string;
  userId: string;
  activityType: string;
  occurredAt: Date;
  /** `YYYY-MM-DD` in the contest's time zone. */
  localDay: string;
  countedUnits: DecimalInput;
  points: DecimalInput;
}

export interface AchievementParticipant {
  id: string;
  /** The reps whose activities count for it: itself in individual mode, the members of a team. */
  memberIds: string[];
}

export interface AchievementInput {
  achievements: readonly ContestAchievement[];
  participants: readonly AchievementParticipant[];
  /** How a team's score is made of its members' (SPEC §3 team mode). */
  teamAggregation: 'sum' | 'average';
  /** Every scored activity of the contest, in any order. */
  rows: readonly AchievementRow[];
  /** The contest's current ranked board. */
  board: ReadonlyArray<{
    participantId: string;
    rank: number;
    points: number;
    goalReached: boolean;
  }>;
  /** Final placings are awarded only once the contest has ended. */
  ended: boolean;
  prizes: ReadonlyArray<{ rank: number; description: string }>;
}

export interface EarnedAchievement {
  /** Identifies the award within its contest: at most one is active per key. */
  key: string;
  kind: AchievementKind;
  participantId: string;
  /** The definition it comes from (null for placings, which have one definition per contest). */
  achievement: ContestAchievement;
  placing: number | null;
  prize: string | null;
}

/**
 * The achievements a contest's scores earn — a pure function of the definition and the scored
 * activities, so re-evaluating after any change (late activities, voids, rule edits) says exactly
 * which awards stand and which must be retracted.
 */
export function evaluateAchievements(input: AchievementInput): EarnedAchievement[] {
  const earned: EarnedAchievement[] = [];
  const ownerOf = new Map<string, string>();
  for (const participant of input.participants)
    for (const member of participant.memberIds) ownerOf.set(member, participant.id);
  const rows = input.rows
    .filter((row) => ownerOf.has(row.userId))
    .map((row) => ({ ...row, id: row.activityId }))
    .sort(compareActivities);

  for (const achievement of input.achievements) {
    const award = (
      key: string,
      participantId: string,
      placing: number | null = null,
      prize: string | null = null,
    ) => earned.push({ key, kind: achievement.kind, participantId, achievement, placing, prize });
    switch (achievement.kind) {
      case 'goal_reached':
        for (const entry of input.board)
          if (entry.goalReached) award(`goal_reached:${entry.participantId}`, entry.participantId);
        break;
      case 'new_leader':
        for (const id of everSoleLeaders(input, rows, ownerOf)) award(`new_leader:${id}`, id);
        break;
      case 'milestone': {
        const winner = firstTo(rows, ownerOf, achievement);
        if (winner) award(`milestone:${achievement.activityType}:${achievement.units}`, winner);
        break;
      }
      case 'streak':
        for (const id of streakHolders(rows, ownerOf, achievement)) {
          const key = `streak:${achievement.activityType}:${achievement.days}:${achievement.minUnitsPerDay}:${id}`;
          award(key, id);
        }
        break;
      case 'final_placings': {
        if (!input.ended) break;
        const prizes = new Map(input.prizes.map((prize) => [prize.rank, prize.description]));
        const lastPlace = Math.max(3, ...prizes.keys());
        for (const entry of input.board) {
          if (entry.rank > lastPlace || entry.points <= 0) continue;
          award(
            `placing:${entry.rank}:${entry.participantId}`,
            entry.participantId,
            entry.rank,
            prizes.get(entry.rank) ?? null,
          );
        }
        break;
      }
    }
  }
  return earned;
}

/**
 * Replays the scored activities in the fixed order and answers everyone who was, at some point,
 * alone at the top with points (compared as displayed, to 2 decimals). Points never decrease in a
 * replay, so one running maximum is enough.
 */
function everSoleLeaders(
  input: AchievementInput,
  rows: ReadonlyArray<AchievementRow>,
  ownerOf: Map<string, string>,
): Set<string> {
  const size = new Map(input.participants.map((p) => [p.id, Math.max(p.memberIds.length, 1)]));
  const sums = new Map<string, Decimal>();
  const leaders = new Set<string>();
  let best = toDecimal(0);
  let leader: string | null = null;
  for (const row of rows) {
    const id = ownerOf.get(row.userId)!;
    const sum = (sums.get(id) ?? toDecimal(0)).plus(toDecimal(row.points));
    sums.set(id, sum);
    const score = toDecimal(
      roundPoints(input.teamAggregation === 'average' ? sum.dividedBy(size.get(id)!) : sum),
    );
    if (score.greaterThan(best)) {
      best = score;
      leader = id;
      leaders.add(id);
    } else if (score.equals(best) && leader !== id) {
      leader = null; // a tie at the top: nobody leads alone
    }
  }
  return leaders;
}

/** The participant whose counted units of the type first reach the milestone, if any. */
function firstTo(
  rows: ReadonlyArray<AchievementRow>,
  ownerOf: Map<string, string>,
  achievement: ContestAchievement,
): string | null {
  const target = toDecimal(achievement.units ?? 0);
  const counted = new Map<string, Decimal>();
  for (const row of rows) {
    if (row.activityType !== achievement.activityType) continue;
    const id = ownerOf.get(row.userId)!;
    const total = (counted.get(id) ?? toDecimal(0)).plus(toDecimal(row.countedUnits));
    counted.set(id, total);
    if (total.greaterThanOrEqualTo(target) && target.greaterThan(0)) return id;
  }
  return null;
}

/** Participants with `days` consecutive local days of at least `minUnitsPerDay` counted units. */
function streakHolders(
  rows: ReadonlyArray<AchievementRow>,
  ownerOf: Map<string, string>,
  achievement: ContestAchievement,
): string[] {
  const perDay = new Map<string, Map<string, Decimal>>();
  for (const row of rows) {
    if (row.activityType !== achievement.activityType) continue;
    const id = ownerOf.get(row.userId)!;
    const days = perDay.get(id) ?? new Map<string, Decimal>();
    days.set(
      row.localDay,
      (days.get(row.localDay) ?? toDecimal(0)).plus(toDecimal(row.countedUnits)),
    );
    perDay.set(id, days);
  }
  const minimum = toDecimal(achievement.minUnitsPerDay ?? 1);
  const needed = achievement.days ?? 1;
  const holders: string[] = [];
  for (const [id, days] of perDay) {
    const good = [...days]
      .filter(([, units]) => units.greaterThanOrEqualTo(minimum))
      .map(([day]) => Date.parse(`${day}T00:00:00Z`) / 86_400_000)
      .sort((a, b) => a - b);
    let run = 0;
    for (let i = 0; i < good.length && run < needed; i++)
      run = i > 0 && good[i] === good[i - 1] + 1 ? run + 1 : 1;
    if (run >= needed) holders.push(id);
  }
  return holders;
}
