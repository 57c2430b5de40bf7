import {
  ACHIEVEMENT_KINDS,
  CONTEST_MODES,
  TEAM_AGGREGATIONS,
  type AchievementKind,
  type ContestAchievement,
  type ContestDefinition,
  type ContestMode,
  type ContestMultiplier,
  type ContestPrize,
  type ContestRule,
  type PreviewContestRequest,
  type TeamAggregation,
  type UpdateContestRequest,
} from '@arena/contracts';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsPositive,
  IsString,
  IsTimeZone,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsDecimal, IsName, IsTimestamp, TIMESTAMP_DOC } from '../../common/validators';

const KEY = /^[a-z][a-z0-9_]{0,39}$/;

export class ContestRuleDto implements ContestRule {
  @ApiProperty({ example: 'call' })
  @IsString()
  @Matches(KEY, { message: '$property must be an activity-type key such as call' })
  activityType!: string;

  @ApiProperty({ example: 5 })
  @IsDecimal(4)
  @IsPositive({ message: '$property must be greater than 0' })
  @Max(1_000_000)
  pointsPerUnit!: number;

  @ApiPropertyOptional({
    example: 20,
    nullable: true,
    type: Number,
    description: 'units per rep per local day',
  })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsDecimal(2)
  @Min(0)
  @Max(1_000_000_000)
  dailyCap?: number | null;

  @ApiPropertyOptional({
    example: 200,
    nullable: true,
    type: Number,
    description: 'units per rep over the contest',
  })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsDecimal(2)
  @Min(0)
  @Max(1_000_000_000)
  totalCap?: number | null;
}

export class ContestMultiplierDto implements ContestMultiplier {
  @ApiProperty({ format: 'date-time', description: TIMESTAMP_DOC })
  @IsTimestamp()
  startsAt!: string;

  @ApiProperty({ format: 'date-time', description: `exclusive; ${TIMESTAMP_DOC}` })
  @IsTimestamp()
  endsAt!: string;

  @ApiProperty({ example: 2 })
  @IsDecimal(4)
  @IsPositive({ message: '$property must be greater than 0' })
  @Max(1000)
  factor!: number;

  @ApiPropertyOptional({ type: [String], nullable: true, description: 'absent: every type' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(KEY, { each: true, message: 'each of $property must be an activity-type key' })
  activityTypes?: string[] | null;
}

export class ContestPrizeDto implements ContestPrize {
  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  @Max(1000)
  rank!: number;

  @ApiProperty({ example: 'A day off' })
  @IsName(200)
  description!: string;
}

export class ContestAchievementDto implements ContestAchievement {
  @ApiProperty({ enum: ACHIEVEMENT_KINDS })
  @IsIn(ACHIEVEMENT_KINDS)
  kind!: AchievementKind;

  @ApiPropertyOptional({ example: 'call', description: 'milestone and streak: the activity type' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @Matches(KEY, { message: '$property must be an activity-type key' })
  activityType?: string | null;

  @ApiPropertyOptional({ example: 100, description: 'milestone: first to this many counted units' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsDecimal(2)
  @IsPositive({ message: '$property must be greater than 0' })
  @Max(1_000_000_000)
  units?: number | null;

  @ApiPropertyOptional({ example: 5, description: 'streak: this many consecutive local days' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsInt()
  @Min(2)
  @Max(366)
  days?: number | null;

  @ApiPropertyOptional({ example: 10, description: 'streak: at least this many units each day' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsDecimal(2)
  @IsPositive({ message: '$property must be greater than 0' })
  @Max(1_000_000_000)
  minUnitsPerDay?: number | null;
}

export class ContestDefinitionDto implements ContestDefinition {
  @ApiProperty({ example: 'December Dials' })
  @IsName(120)
  name!: string;

  @ApiPropertyOptional({ example: 'Most weighted activity wins' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ format: 'date-time', description: TIMESTAMP_DOC })
  @IsTimestamp()
  startsAt!: string;

  @ApiProperty({ format: 'date-time', description: `exclusive; ${TIMESTAMP_DOC}` })
  @IsTimestamp()
  endsAt!: string;

  @ApiPropertyOptional({
    example: 'Europe/Amsterdam',
    description: "defaults to the organisation's",
  })
  @IsOptional()
  @IsTimeZone({ message: '$property must be an IANA time zone such as Europe/Amsterdam' })
  timezone?: string;

  @ApiPropertyOptional({ enum: CONTEST_MODES, default: 'individual' })
  @IsOptional()
  @IsIn(CONTEST_MODES)
  mode?: ContestMode;

  @ApiPropertyOptional({ enum: TEAM_AGGREGATIONS, default: 'sum' })
  @IsOptional()
  @IsIn(TEAM_AGGREGATIONS)
  teamAggregation?: TeamAggregation;

  @ApiProperty({ type: [String], description: 'user ids (individual) or team ids (team)' })
  @IsArray()
  @ArrayMaxSize(5000)
  @ArrayUnique({ message: '$property must not repeat an id' })
  @IsUUID('all', { each: true, message: 'each of $property must be a UUID' })
  participantIds!: string[];

  @ApiProperty({ type: [ContestRuleDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ContestRuleDto)
  rules!: ContestRuleDto[];

  @ApiPropertyOptional({ type: [ContestMultiplierDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ContestMultiplierDto)
  multipliers?: ContestMultiplierDto[];

  @ApiPropertyOptional({ example: 500, nullable: true, type: Number })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsDecimal(2)
  @IsPositive({ message: '$property must be greater than 0' })
  @Max(1_000_000_000)
  goalPoints?: number | null;

  @ApiPropertyOptional({ type: [ContestPrizeDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ContestPrizeDto)
  prizes?: ContestPrizeDto[];

  @ApiPropertyOptional({ type: [ContestAchievementDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ContestAchievementDto)
  achievements?: ContestAchievementDto[];
}

export class UpdateContestDto
  extends PartialType(ContestDefinitionDto)
  implements UpdateContestRequest {}

export class PreviewContestDto extends ContestDefinitionDto implements PreviewContestRequest {
  @ApiProperty({
    format: 'date-time',
    description: `start of the past period to score over; ${TIMESTAMP_DOC}`,
  })
  @IsTimestamp()
  from!: string;

  @ApiProperty({
    format: 'date-time',
    description: `end of the period (exclusive); ${TIMESTAMP_DOC}`,
  })
  @IsTimestamp()
  to!: string;
}
