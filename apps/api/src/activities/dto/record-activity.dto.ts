import {
  ACTIVITY_SOURCES,
  MAX_BATCH_SIZE,
  type ActivitySource,
  type RecordActivitiesBatchRequest,
  type RecordActivityRequest,
} from '@arena/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsDecimal, IsEmailAddress, IsTimestamp, TIMESTAMP_DOC } from '../../common/validators';

export class RecordActivityDto implements RecordActivityRequest {
  @ApiProperty({ example: 'call', description: 'Activity-type key from the catalogue' })
  @IsString()
  @Length(1, 40)
  type!: string;

  @ApiProperty({
    example: 1,
    description: '> 0; whole for count types, up to 2 decimals for currency',
  })
  @IsDecimal(2)
  @IsPositive({ message: '$property must be greater than 0' })
  @Max(1_000_000_000)
  quantity!: number;

  @ApiPropertyOptional({
    format: 'date-time',
    description: `Defaults to now; at most 5 minutes in the future; ${TIMESTAMP_DOC}`,
  })
  @IsOptional()
  @IsTimestamp()
  occurredAt?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "The rep's id (managers, admins, API keys)" })
  @IsOptional()
  @IsUUID('all')
  userId?: string;

  @ApiPropertyOptional({ description: "The rep's email, instead of userId" })
  @IsOptional()
  @IsEmailAddress()
  userEmail?: string;

  @ApiPropertyOptional({
    description: 'Idempotency key in the organisation (e.g. the CRM record id)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  externalId?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;

  @ApiPropertyOptional({
    enum: ACTIVITY_SOURCES,
    description: 'Defaults to manual for people and api for API keys',
  })
  @IsOptional()
  @IsIn(ACTIVITY_SOURCES)
  source?: ActivitySource;
}

export class RecordActivitiesBatchDto implements RecordActivitiesBatchRequest {
  @ApiProperty({ type: [RecordActivityDto], maxItems: MAX_BATCH_SIZE })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_SIZE, { message: `$property may hold at most ${MAX_BATCH_SIZE} items` })
  @ValidateNested({ each: true })
  @Type(() => RecordActivityDto)
  activities!: RecordActivityDto[];
}
