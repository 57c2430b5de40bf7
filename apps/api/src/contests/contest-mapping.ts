import type { Contest, ContestAchievement, ContestDefinition } from '@arena/contracts';
import type { LoadedContest } from '../scores/scoring-contest';
import { contestStatus } from './contest-status';
import type { ContestMultiplierEntity } from './entities/contest-multiplier.entity';
import type { ContestParticipantEntity } from './entities/contest-participant.entity';
import type { ContestRuleEntity } from './entities/contest-rule.entity';
import type { ContestEntity } from './entities/contest.entity';

/*
 * The contest's mappers, one each way: a definition (a request) → the rows that store it
 * (`contestRecordOf`), and the stored contest → the API's view (`contestView`). The view's
 * definition again is `contestDefinitionOf` in @arena/contracts (the web uses it too); the rows →
 * the scoring engine's input is `toLoadedContest` (scores/scoring-contest.ts).
 */

/** A definition with the organisation's defaults applied. */
export type ResolvedDefinition = ContestDefinition & {
  timezone: string;
  mode: NonNullable<ContestDefinition['mode']>;
};

type Row<T> = Omit<T, 'id' | 'orgId' | 'contestId' | 'contest'>;

/** What stores a definition: the contest row's definition columns and its child rows. */
export interface ContestRecord {
  contest: Pick<
    ContestEntity,
    | 'name'
    | 'description'
    | 'startsAt'
    | 'endsAt'
    | 'timezone'
    | 'mode'
    | 'teamAggregation'
    | 'participantScope'
    | 'goalPoints'
    | 'prizes'
    | 'achievements'
  >;
  rules: Row<ContestRuleEntity>[];
  multipliers: Row<ContestMultiplierEntity>[];
  participants: Array<Pick<ContestParticipantEntity, 'userId' | 'teamId'>>;
}

/** A definition (already checked) as the rows that store it: exact decimals as strings. */
export function contestRecordOf(definition: ResolvedDefinition): ContestRecord {
  const decimal = (value: number | null | undefined) => (value == null ? null : String(value));
  const scope = definition.mode === 'team' ? 'listed' : (definition.participantScope ?? 'listed');
  // Team contests and contests open to teams' members list teams.
  const team = definition.mode === 'team' || scope === 'teams';
  return {
    contest: {
      name: definition.name.trim(),
      description: (definition.description ?? '').trim(),
      startsAt: new Date(definition.startsAt),
      endsAt: new Date(definition.endsAt),
      timezone: definition.timezone,
      mode: definition.mode,
      teamAggregation: definition.teamAggregation ?? 'sum',
      participantScope: scope,
      goalPoints: decimal(definition.goalPoints),
      prizes: (definition.prizes ?? []).map((prize) => ({
        rank: prize.rank,
        description: prize.description.trim(),
      })),
      achievements: (definition.achievements ?? []).map(usedFields),
    },
    rules: definition.rules.map((rule, position) => ({
      activityType: rule.activityType,
      pointsPerUnit: String(rule.pointsPerUnit),
      dailyCap: decimal(rule.dailyCap),
      totalCap: decimal(rule.totalCap),
      position,
    })),
    multipliers: (definition.multipliers ?? []).map((window, position) => ({
      startsAt: new Date(window.startsAt),
      endsAt: new Date(window.endsAt),
      factor: String(window.factor),
      activityTypes: window.activityTypes?.length ? [...window.activityTypes] : null,
      position,
    })),
    participants: definition.participantIds.map((id) => ({
      userId: team ? null : id,
      teamId: team ? id : null,
    })),
  };
}

/** The API's view of a stored contest. */
export function contestView(contest: LoadedContest, now = new Date()): Contest {
  const { entity, scoring } = contest;
  return {
    id: entity.id,
    name: entity.name,
    description: entity.description,
    startsAt: entity.startsAt.toISOString(),
    endsAt: entity.endsAt.toISOString(),
    timezone: entity.timezone,
    mode: entity.mode,
    teamAggregation: entity.teamAggregation,
    participantScope: entity.participantScope,
    participantIds: contest.participantIds,
    rules: scoring.rules.map((rule) => ({
      activityType: rule.activityType,
      pointsPerUnit: Number(rule.pointsPerUnit),
      dailyCap: rule.dailyCap == null ? null : Number(rule.dailyCap),
      totalCap: rule.totalCap == null ? null : Number(rule.totalCap),
    })),
    multipliers: scoring.multipliers.map((window) => ({
      startsAt: window.startsAt.toISOString(),
      endsAt: window.endsAt.toISOString(),
      factor: Number(window.factor),
      activityTypes: window.activityTypes ? [...window.activityTypes] : null,
    })),
    goalPoints: entity.goalPoints == null ? null : Number(entity.goalPoints),
    prizes: entity.prizes,
    achievements: entity.achievements ?? [],
    status: contestStatus(entity, now),
    publishedAt: entity.publishedAt?.toISOString() ?? null,
    archivedAt: entity.archivedAt?.toISOString() ?? null,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
  };
}

/** Only the fields each kind uses are kept, so equal definitions compare equal. */
function usedFields(a: ContestAchievement): ContestAchievement {
  if (a.kind === 'milestone') return { kind: a.kind, activityType: a.activityType, units: a.units };
  if (a.kind === 'streak') {
    return {
      kind: a.kind,
      activityType: a.activityType,
      days: a.days,
      minUnitsPerDay: a.minUnitsPerDay,
    };
  }
  return { kind: a.kind };
}
