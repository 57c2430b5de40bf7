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

/** Response shapes (documented by the contracts; Swagger shows them as objects). */
export type AssessmentDto = Assessment;
export type AssessmentComparisonDto = AssessmentComparison;
export type CoachingNoteDto = CoachingNote;

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

export type ActivityInsightsDto = ActivityInsights;
