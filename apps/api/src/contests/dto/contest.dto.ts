import {
  CONTEST_MODES,
  CONTEST_STATUSES,
  TEAM_AGGREGATIONS,
  type Contest,
  type ContestMode,
  type ContestStatus,
  type TeamAggregation,
} from '@arena/contracts';
import { ApiProperty } from '@nestjs/swagger';
import type { LoadedContest } from '../../scores/scoring-contest';
import { contestStatus } from '../contest-status';
import {
  ContestAchievementDto,
  ContestMultiplierDto,
  ContestPrizeDto,
  ContestRuleDto,
} from './contest-definition.dto';

export class ContestDto implements Contest {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ example: 'Europe/Amsterdam' }) timezone!: string;
  @ApiProperty({ enum: CONTEST_MODES }) mode!: ContestMode;
  @ApiProperty({ enum: TEAM_AGGREGATIONS }) teamAggregation!: TeamAggregation;
  @ApiProperty({ type: [String] }) participantIds!: string[];
  @ApiProperty({ type: [ContestRuleDto] }) rules!: ContestRuleDto[];
  @ApiProperty({ type: [ContestMultiplierDto] }) multipliers!: ContestMultiplierDto[];
  @ApiProperty({ nullable: true, type: Number }) goalPoints!: number | null;
  @ApiProperty({ type: [ContestPrizeDto] }) prizes!: ContestPrizeDto[];
  @ApiProperty({ type: [ContestAchievementDto] }) achievements!: ContestAchievementDto[];
  @ApiProperty({ enum: CONTEST_STATUSES }) status!: ContestStatus;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) publishedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) archivedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(contest: LoadedContest, now = new Date()): ContestDto {
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
}
