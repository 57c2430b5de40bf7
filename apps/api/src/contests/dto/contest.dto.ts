import {
  CONTEST_MODES,
  CONTEST_STATUSES,
  PARTICIPANT_SCOPES,
  TEAM_AGGREGATIONS,
  type Contest,
  type ContestMode,
  type ContestStatus,
  type ParticipantScope,
  type TeamAggregation,
} from '@arena/contracts';
import { ApiProperty } from '@nestjs/swagger';
import type { LoadedContest } from '../../scores/scoring-contest';
import { contestView } from '../contest-mapping';
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
  @ApiProperty({ enum: PARTICIPANT_SCOPES }) participantScope!: ParticipantScope;
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

  /** The API's view (`contestView`), typed as this class for the controllers. */
  static from(contest: LoadedContest, now = new Date()): ContestDto {
    return contestView(contest, now);
  }
}
