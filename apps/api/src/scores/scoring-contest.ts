import type { ScoringContest } from '@arena/scoring';
import type { ContestMultiplierEntity } from '../contests/entities/contest-multiplier.entity';
import type { ContestParticipantEntity } from '../contests/entities/contest-participant.entity';
import type { ContestRuleEntity } from '../contests/entities/contest-rule.entity';
import type { ContestEntity } from '../contests/entities/contest.entity';

/** A contest with everything the engine and the leaderboards need, loaded once. */
export interface LoadedContest {
  entity: ContestEntity;
  scoring: ScoringContest;
  ruleTypes: string[];
  /** Listed reps: their ids; team mode and scope `teams`: the team ids; scope `all`: none. */
  participantIds: string[];
  /** The same ids, for lookups that repeat (an access check per socket of a room). */
  participantSet: ReadonlySet<string>;
}

export function toLoadedContest(
  entity: ContestEntity,
  rules: ContestRuleEntity[],
  multipliers: ContestMultiplierEntity[],
  participants: Array<Pick<ContestParticipantEntity, 'userId' | 'teamId'>>,
): LoadedContest {
  const sortedRules = [...rules].sort((a, b) => a.position - b.position);
  const participantIds = participants
    .map((p) => p.teamId ?? p.userId)
    .filter((id): id is string => !!id);
  return {
    entity,
    scoring: {
      startsAt: entity.startsAt,
      endsAt: entity.endsAt,
      timezone: entity.timezone,
      goalPoints: entity.goalPoints,
      rules: sortedRules.map((rule) => ({
        activityType: rule.activityType,
        pointsPerUnit: rule.pointsPerUnit,
        dailyCap: rule.dailyCap,
        totalCap: rule.totalCap,
      })),
      multipliers: [...multipliers]
        .sort((a, b) => a.position - b.position)
        .map((window) => ({
          startsAt: window.startsAt,
          endsAt: window.endsAt,
          factor: window.factor,
          activityTypes: window.activityTypes,
        })),
    },
    ruleTypes: sortedRules.map((rule) => rule.activityType),
    participantIds,
    participantSet: new Set(participantIds),
  };
}
