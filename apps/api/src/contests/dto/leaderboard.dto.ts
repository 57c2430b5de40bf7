import type {
  BreakdownLine,
  ExplanationLine,
  Leaderboard,
  LeaderboardEntry,
  ParticipantKind,
  ParticipantRef,
  ParticipantScore,
  PreviewLeaderboard,
  ScoreDifference,
  VerifyScoresReport,
} from '@arena/contracts';
import { ApiProperty } from '@nestjs/swagger';
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

export class LeaderboardQueryDto extends PageQueryDto {}
