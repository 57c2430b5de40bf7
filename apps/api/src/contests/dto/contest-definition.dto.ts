import {
  ACHIEVEMENT_KINDS,
  ACTIVITY_TYPE_KEY,
  CONTEST_LIMITS,
  CONTEST_MODES,
  PARTICIPANT_SCOPES,
  TEAM_AGGREGATIONS,
  type AchievementKind,
  type ContestAchievement,
  type ContestDefinition,
  type ContestMode,
  type ContestMultiplier,
  type ContestPrize,
  type ContestRule,
  type ParticipantScope,
  type PreviewContestRequest,
  type TeamAggregation,
  type UpdateContestRequest,
} from '@arena/contracts';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsTimestamp, TIMESTAMP_DOC } from '../../common/validators';

/*
 * The request's shape only: types, formats and enums, for the validation pipe and the OpenAPI.
 * Every rule about values (limits, window order, duplicates, the catalogue, participants, what
 * publishing needs, what an ended contest may change) is `contestDefinitionProblems` in
 * @arena/contracts, which the web designer runs too; the limits documented here are its
 * `CONTEST_LIMITS`.
 */

const L = CONTEST_LIMITS;
const KEY_MESSAGE = '$property must be an activity-type key such as call';
/** A finite JSON number; its bounds and decimals are the shared rules'. */
const IsFiniteNumber = () =>
  IsNumber({ allowNaN: false, allowInfinity: false }, { message: '$property must be a number' });
const Nullable = () => ValidateIf((_, value) => value !== null && value !== undefined);
const TRIMMED = 'trimmed';

export class ContestRuleDto implements ContestRule {
  @ApiProperty({ example: 'call', pattern: ACTIVITY_TYPE_KEY.source })
  @IsString()
  @Matches(ACTIVITY_TYPE_KEY, { message: KEY_MESSAGE })
  activityType!: string;

  @ApiProperty({
    example: 5,
    minimum: 0,
    exclusiveMinimum: true,
    maximum: L.pointsPerUnit.max,
    description: `at most ${L.pointsPerUnit.places} decimals`,
  })
  @IsFiniteNumber()
  pointsPerUnit!: number;

  @ApiPropertyOptional({
    example: 20,
    nullable: true,
    type: Number,
    minimum: 0,
    maximum: L.cap.max,
    description: `units per rep per local day; at most ${L.cap.places} decimals`,
  })
  @Nullable()
  @IsFiniteNumber()
  dailyCap?: number | null;

  @ApiPropertyOptional({
    example: 200,
    nullable: true,
    type: Number,
    minimum: 0,
    maximum: L.cap.max,
    description: `units per rep over the contest; at most ${L.cap.places} decimals`,
  })
  @Nullable()
  @IsFiniteNumber()
  totalCap?: number | null;
}

export class ContestMultiplierDto implements ContestMultiplier {
  @ApiProperty({ format: 'date-time', description: TIMESTAMP_DOC })
  @IsTimestamp()
  startsAt!: string;

  @ApiProperty({ format: 'date-time', description: `exclusive, after startsAt; ${TIMESTAMP_DOC}` })
  @IsTimestamp()
  endsAt!: string;

  @ApiProperty({
    example: 2,
    minimum: 0,
    exclusiveMinimum: true,
    maximum: L.factor.max,
    description: `at most ${L.factor.places} decimals`,
  })
  @IsFiniteNumber()
  factor!: number;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    maxItems: L.multiplierTypes,
    uniqueItems: true,
    description: 'absent or empty: every type',
  })
  @Nullable()
  @IsArray()
  @Matches(ACTIVITY_TYPE_KEY, {
    each: true,
    message: 'each of $property must be an activity-type key',
  })
  activityTypes?: string[] | null;
}

export class ContestPrizeDto implements ContestPrize {
  @ApiProperty({ example: 1, type: 'integer', minimum: L.prizeRank.min, maximum: L.prizeRank.max })
  @IsFiniteNumber()
  rank!: number;

  @ApiProperty({ example: 'A day off', maxLength: L.prizeDescriptionLength, description: TRIMMED })
  @IsString()
  description!: string;
}

export class ContestAchievementDto implements ContestAchievement {
  @ApiProperty({ enum: ACHIEVEMENT_KINDS })
  @IsIn(ACHIEVEMENT_KINDS)
  kind!: AchievementKind;

  @ApiPropertyOptional({
    example: 'call',
    description: 'milestone and streak: the activity type (one the contest has a rule for)',
  })
  @Nullable()
  @Matches(ACTIVITY_TYPE_KEY, { message: KEY_MESSAGE })
  activityType?: string | null;

  @ApiPropertyOptional({
    example: 100,
    minimum: 0,
    exclusiveMinimum: true,
    maximum: L.achievementUnits.max,
    description: 'milestone: first to this many counted units',
  })
  @Nullable()
  @IsFiniteNumber()
  units?: number | null;

  @ApiPropertyOptional({
    example: 5,
    type: 'integer',
    minimum: L.streakDays.min,
    maximum: L.streakDays.max,
    description: 'streak: this many consecutive local days',
  })
  @Nullable()
  @IsFiniteNumber()
  days?: number | null;

  @ApiPropertyOptional({
    example: 10,
    minimum: 0,
    exclusiveMinimum: true,
    maximum: L.achievementUnits.max,
    description: 'streak: at least this many units each day',
  })
  @Nullable()
  @IsFiniteNumber()
  minUnitsPerDay?: number | null;
}

export class ContestDefinitionDto implements ContestDefinition {
  @ApiProperty({
    example: 'December Dials',
    minLength: 1,
    maxLength: L.nameLength,
    description: TRIMMED,
  })
  @IsString()
  name!: string;

  @ApiPropertyOptional({
    example: 'Most weighted activity wins',
    maxLength: L.descriptionLength,
    description: TRIMMED,
  })
  @IsOptional()
  @IsString()
  description?: string;

  @ApiProperty({ format: 'date-time', description: TIMESTAMP_DOC })
  @IsTimestamp()
  startsAt!: string;

  @ApiProperty({
    format: 'date-time',
    description: `exclusive; after startsAt, at most ${L.windowDays} days later; ${TIMESTAMP_DOC}`,
  })
  @IsTimestamp()
  endsAt!: string;

  @ApiPropertyOptional({
    example: 'Europe/Amsterdam',
    description: "an IANA time zone; defaults to the organisation's",
  })
  @IsOptional()
  @IsString()
  timezone?: string;

  @ApiPropertyOptional({
    enum: CONTEST_MODES,
    description: 'a new contest without it: `individual`',
  })
  @IsOptional()
  @IsIn(CONTEST_MODES)
  mode?: ContestMode;

  @ApiPropertyOptional({
    enum: TEAM_AGGREGATIONS,
    description: 'a new contest without it: `sum`',
  })
  @IsOptional()
  @IsIn(TEAM_AGGREGATIONS)
  teamAggregation?: TeamAggregation;

  @ApiPropertyOptional({
    enum: PARTICIPANT_SCOPES,
    description:
      'individual contests (absent: `listed` for a new contest): `listed` — the reps in participantIds; `all` — every competing rep of the ' +
      'organisation, resolved live (new hires join, leavers leave; participantIds empty); `teams` — every ' +
      'competing member of the teams in participantIds, as teams change. Team contests: `listed` only ' +
      '(400 `conflicting_scope` otherwise)',
  })
  @IsOptional()
  @IsIn(PARTICIPANT_SCOPES)
  participantScope?: ParticipantScope;

  @ApiProperty({
    type: [String],
    maxItems: L.participants,
    uniqueItems: true,
    description:
      'user ids (individual, scope `listed`) or team ids (team mode, or scope `teams`); empty for scope `all`; ' +
      'publishing needs at least one (except scope `all`)',
  })
  @IsArray()
  @IsUUID('all', { each: true, message: 'each of $property must be a UUID' })
  participantIds!: string[];

  @ApiProperty({
    type: [ContestRuleDto],
    maxItems: L.rules,
    description: 'one per activity type; publishing needs at least one',
  })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ContestRuleDto)
  rules!: ContestRuleDto[];

  @ApiPropertyOptional({ type: [ContestMultiplierDto], maxItems: L.multipliers })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ContestMultiplierDto)
  multipliers?: ContestMultiplierDto[];

  @ApiPropertyOptional({
    example: 500,
    nullable: true,
    type: Number,
    minimum: 0,
    exclusiveMinimum: true,
    maximum: L.goalPoints.max,
    description: `at most ${L.goalPoints.places} decimals`,
  })
  @Nullable()
  @IsFiniteNumber()
  goalPoints?: number | null;

  @ApiPropertyOptional({
    type: [ContestPrizeDto],
    maxItems: L.prizes,
    description: 'one per rank',
  })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ContestPrizeDto)
  prizes?: ContestPrizeDto[];

  @ApiPropertyOptional({ type: [ContestAchievementDto], maxItems: L.achievements })
  @IsOptional()
  @IsArray()
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
    description: `end of the period (exclusive), at most ${L.windowDays} days after from; ${TIMESTAMP_DOC}`,
  })
  @IsTimestamp()
  to!: string;
}
