import {
  CONTEST_LIMITS,
  type BreakdownLine,
  type ExplanationLine,
  type Leaderboard,
  type LeaderboardEntry,
  type LeaderboardQuery,
  type ParticipantKind,
  type ParticipantRef,
  type ParticipantScore,
  type PreviewLeaderboard,
  type ScoreDifference,
  type VerifyScoresReport,
} from '@arena/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';

export class ParticipantRefDto implements ParticipantRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['user', 'team'] }) kind!: ParticipantKind;
  @ApiProperty() name!: string;
}

export class BreakdownLineDto implements BreakdownLine {
  @ApiProperty({ example: 'call' }) activityType!: string;
  @ApiProperty({ description: 'raw units logged' }) units!: number;
  @ApiProperty({ description: 'units that counted after caps' }) countedUnits!: number;
  @ApiProperty() points!: number;
}

export class LeaderboardEntryDto implements LeaderboardEntry {
  @ApiProperty({ description: 'competition ranking: 1, 2, 2, 4' }) rank!: number;
  @ApiProperty() participant!: ParticipantRefDto;
  @ApiProperty({ description: 'rounded half-up to 2 decimals' }) points!: number;
  @ApiProperty() goalReached!: boolean;
  @ApiProperty({ type: [BreakdownLineDto] }) breakdown!: BreakdownLineDto[];
}

export class LeaderboardDto implements Leaderboard {
  @ApiProperty({ format: 'uuid' }) contestId!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({ type: [LeaderboardEntryDto] }) entries!: LeaderboardEntryDto[];
  @ApiProperty() total!: number;
}

export class ExplanationLineDto implements ExplanationLine {
  @ApiProperty({ format: 'uuid' }) activityId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() activityType!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty() countedUnits!: number;
  @ApiProperty() multiplier!: number;
  @ApiProperty() points!: number;
}

export class ParticipantScoreDto implements ParticipantScore {
  @ApiProperty() participant!: ParticipantRefDto;
  @ApiProperty({ nullable: true, type: Number }) rank!: number | null;
  @ApiProperty() points!: number;
  @ApiProperty() goalReached!: boolean;
  @ApiProperty({ type: [BreakdownLineDto] }) breakdown!: BreakdownLineDto[];
  @ApiProperty({ type: [ExplanationLineDto] }) explanation!: ExplanationLineDto[];
}

export class PreviewLeaderboardDto implements PreviewLeaderboard {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty() activitiesConsidered!: number;
  @ApiProperty({ type: [LeaderboardEntryDto] }) entries!: LeaderboardEntryDto[];
  @ApiProperty() total!: number;
}

export class ScoreDifferenceDto implements ScoreDifference {
  @ApiProperty() contestId!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() stored!: string;
  @ApiProperty() recomputed!: string;
  @ApiProperty() detail!: string;
}

export class VerifyScoresReportDto implements VerifyScoresReport {
  @ApiProperty() contestsChecked!: number;
  @ApiProperty() participantsChecked!: number;
  @ApiProperty() activitiesChecked!: number;
  @ApiProperty({ type: [ScoreDifferenceDto] }) differences!: ScoreDifferenceDto[];
}

export class LeaderboardQueryDto extends PageQueryDto implements LeaderboardQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'a participant id: answers the `aroundCount` entries above it, it, and the `aroundCount` below ' +
      '(fewer at the ends of the board) instead of a page (`limit`/`offset` are ignored); ' +
      '404 `not_found` when the participant is not on the board, 400 `invalid_input` for a malformed id',
  })
  @IsOptional()
  @IsUUID('all', { message: 'around must be a participant id (a UUID)' })
  around?: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: CONTEST_LIMITS.aroundCount.max,
    default: CONTEST_LIMITS.aroundCount.default,
    description: 'with `around`: how many entries above and below the participant',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(CONTEST_LIMITS.aroundCount.max)
  aroundCount?: number;
}
