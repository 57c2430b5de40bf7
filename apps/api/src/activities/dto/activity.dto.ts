import {
  ACTIVITY_SOURCES,
  type Activity,
  type ActivitySource,
  type ListActivitiesQuery,
  type RecordActivitiesBatchResponse,
  type RecordActivityResponse,
  type VoidActivityRequest,
} from '@arena/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQueryDto, QueryBoolean } from '../../common/page-query.dto';
import { IsName, IsTimestamp, TIMESTAMP_DOC } from '../../common/validators';
import type { ActivityEntity } from '../entities/activity.entity';

export class ActivityDto implements Activity {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ example: 'call' }) type!: string;
  @ApiProperty({ example: 1 }) quantity!: number;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ enum: ACTIVITY_SOURCES }) source!: ActivitySource;
  @ApiProperty({ nullable: true, type: String }) externalId!: string | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) recordedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) apiKeyId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) voidedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) voidedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) voidReason!: string | null;

  static from(entity: ActivityEntity, typeKey: string): ActivityDto {
    return {
      id: entity.id,
      userId: entity.userId,
      type: typeKey,
      quantity: Number(entity.quantity),
      occurredAt: entity.occurredAt.toISOString(),
      recordedAt: entity.recordedAt.toISOString(),
      source: entity.source,
      externalId: entity.externalId,
      note: entity.note,
      recordedBy: entity.recordedBy,
      apiKeyId: entity.apiKeyId,
      voidedAt: entity.voidedAt?.toISOString() ?? null,
      voidedBy: entity.voidedBy,
      voidReason: entity.voidReason,
    };
  }
}

export class RecordedActivityDto extends ActivityDto implements RecordActivityResponse {
  @ApiProperty({
    description: 'True when externalId was seen before: nothing was stored or counted again',
  })
  duplicate!: boolean;
}

export class RecordedBatchDto implements RecordActivitiesBatchResponse {
  @ApiProperty() created!: number;
  @ApiProperty() duplicates!: number;
  @ApiProperty({ type: [RecordedActivityDto] }) activities!: RecordedActivityDto[];
}

export class ActivityPageDto {
  @ApiProperty({ type: [ActivityDto] }) items!: ActivityDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class VoidActivityDto implements VoidActivityRequest {
  @ApiProperty({ example: 'Logged twice by mistake' })
  @IsName(500)
  reason!: string;
}

export class ListActivitiesQueryDto extends PageQueryDto implements ListActivitiesQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  userId?: string;

  @ApiPropertyOptional({ example: 'call' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  type?: string;

  @ApiPropertyOptional({ format: 'date-time', description: `occurredAt ≥ from; ${TIMESTAMP_DOC}` })
  @IsOptional()
  @IsTimestamp()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: `occurredAt < to; ${TIMESTAMP_DOC}` })
  @IsOptional()
  @IsTimestamp()
  to?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  includeVoided?: boolean;
}
