import {
  ASSESSMENT_PHASES,
  type ActivityInsights,
  type ActivityInsightsQuery,
  type Assessment,
  type AssessmentComparison,
  type AssessmentPhase,
  type AssessmentRating,
  type Behaviour,
  type CoachingNote,
  type CreateBehaviourRequest,
  type CreateCoachingNoteRequest,
  type UpdateBehaviourRequest,
  type UpsertAssessmentRequest,
} from '@arena/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsName, IsTimestamp, TIMESTAMP_DOC } from '../../common/validators';
import { PersonRefDto } from '../../recognition/dto/recognition.dto';

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export class BehaviourDto implements Behaviour {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) retiredAt!: string | null;
}

export class CreateBehaviourDto implements CreateBehaviourRequest {
  @ApiProperty({ example: 'Asks discovery questions' }) @IsName(120) name!: string;
  @ApiPropertyOptional() @IsOptional() @trim() @IsString() @MaxLength(500) description?: string;
}

export class UpdateBehaviourDto implements UpdateBehaviourRequest {
  @ApiPropertyOptional() @IsOptional() @IsName(120) name?: string;
  @ApiPropertyOptional() @IsOptional() @trim() @IsString() @MaxLength(500) description?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() retired?: boolean;
}

export class AssessmentRatingDto implements AssessmentRating {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') behaviourId!: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) @IsInt() @Min(1) @Max(5) rating!: number;
  @ApiPropertyOptional({ example: 'Great agenda; jumped to the demo too early' })
  @IsOptional()
  @trim()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class UpsertAssessmentDto implements UpsertAssessmentRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') userId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') contestId!: string;
  @ApiProperty({ enum: ASSESSMENT_PHASES }) @IsIn(ASSESSMENT_PHASES) phase!: AssessmentPhase;
  @ApiProperty({ type: [AssessmentRatingDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AssessmentRatingDto)
  ratings!: AssessmentRatingDto[];
}

export class AssessmentQueryDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') userId!: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') contestId?: string;
}

export class ComparisonQueryDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') userId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') contestId!: string;
}

export class CoachingNotesQueryDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') userId!: string;
}

export class CreateCoachingNoteDto implements CreateCoachingNoteRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') userId!: string;
  @ApiProperty({ example: 'Practise the pricing objection before Thursday.' })
  @trim()
  @IsString()
  @Length(1, 4000, { message: '$property must be 1 to 4000 characters' })
  body!: string;
}

const CATEGORIES = ['activity', 'outcome'] as const;
type Category = (typeof CATEGORIES)[number];

export class AssessedRatingDto implements Required<AssessmentRating> {
  @ApiProperty({ format: 'uuid' }) behaviourId!: string;
  @ApiProperty({ description: 'the behaviour’s name' }) behaviour!: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) rating!: number;
  @ApiProperty({ description: 'empty when none was given' }) note!: string;
}

export class AssessmentDto implements Assessment {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: PersonRefDto }) user!: PersonRefDto;
  @ApiProperty({ type: PersonRefDto }) contest!: PersonRefDto;
  @ApiProperty({ enum: ASSESSMENT_PHASES }) phase!: AssessmentPhase;
  @ApiProperty({
    type: PersonRefDto,
    nullable: true,
    description: 'null: the assessor was removed',
  })
  assessedBy!: PersonRefDto | null;
  @ApiProperty({ type: [AssessedRatingDto] }) ratings!: AssessedRatingDto[];
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

class ComparedContestDto extends PersonRefDto {
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
}

class PhaseRatingDto {
  @ApiProperty({ minimum: 1, maximum: 5 }) rating!: number;
  @ApiProperty() note!: string;
}

class BehaviourComparisonDto {
  @ApiProperty({ type: PersonRefDto }) behaviour!: PersonRefDto;
  @ApiProperty({ type: PhaseRatingDto, nullable: true }) start!: PhaseRatingDto | null;
  @ApiProperty({ type: PhaseRatingDto, nullable: true }) end!: PhaseRatingDto | null;
  @ApiProperty({ type: Number, nullable: true, description: 'end − start, when both exist' })
  change!: number | null;
}

class ContestFigureDto {
  @ApiProperty({ example: 'call' }) activityType!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ enum: CATEGORIES }) category!: Category;
  @ApiProperty() count!: number;
  @ApiProperty() quantity!: number;
}

export class AssessmentComparisonDto implements AssessmentComparison {
  @ApiProperty({ type: PersonRefDto }) user!: PersonRefDto;
  @ApiProperty({ type: ComparedContestDto }) contest!: ComparedContestDto;
  @ApiProperty({ type: [BehaviourComparisonDto] }) behaviours!: BehaviourComparisonDto[];
  @ApiProperty({
    type: [ContestFigureDto],
    description: "the rep's non-voided activities within the contest's window, per type",
  })
  figures!: ContestFigureDto[];
}

export class CoachingNoteDto implements CoachingNote {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: PersonRefDto }) user!: PersonRefDto;
  @ApiProperty({ type: PersonRefDto, nullable: true }) author!: PersonRefDto | null;
  @ApiProperty() body!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ActivityInsightsQueryDto implements ActivityInsightsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') userId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') teamId?: string;
  @ApiProperty({ format: 'date-time', description: TIMESTAMP_DOC })
  @IsTimestamp()
  from!: string;
  @ApiProperty({ format: 'date-time', description: `exclusive; ${TIMESTAMP_DOC}` })
  @IsTimestamp()
  to!: string;
}

class InsightsSubjectDto {
  @ApiProperty({ enum: ['user', 'team'] }) kind!: 'user' | 'team';
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

class InsightsDayDto {
  @ApiProperty({
    example: '2026-03-02',
    description: "a calendar day in the organisation's time zone",
  })
  day!: string;
  @ApiProperty({ description: 'summed quantity of activity-category types' }) activities!: number;
  @ApiProperty({ description: 'summed quantity of outcome-category types' }) outcomes!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'per activity-type key',
  })
  byType!: Record<string, number>;
}

class InsightsTotalDto {
  @ApiProperty({ example: 'call' }) activityType!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ enum: CATEGORIES }) category!: Category;
  @ApiProperty() quantity!: number;
}

export class ActivityInsightsDto implements ActivityInsights {
  @ApiProperty({ type: InsightsSubjectDto }) subject!: InsightsSubjectDto;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ example: 'Europe/Amsterdam' }) timezone!: string;
  @ApiProperty({ type: [InsightsDayDto], description: 'every day of the period, oldest first' })
  days!: InsightsDayDto[];
  @ApiProperty({ type: [InsightsTotalDto] }) totals!: InsightsTotalDto[];
}
