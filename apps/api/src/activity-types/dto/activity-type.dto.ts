import {
  ACTIVITY_CATEGORIES,
  ACTIVITY_UNITS,
  type ActivityCategory,
  type ActivityType,
  type ActivityUnit,
  type CreateActivityTypeRequest,
  type UpdateActivityTypeRequest,
} from '@arena/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { IsName } from '../../common/validators';
import type { ActivityTypeEntity } from '../entities/activity-type.entity';

export class ActivityTypeDto implements ActivityType {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'call' }) key!: string;
  @ApiProperty({ example: 'Call' }) label!: string;
  @ApiProperty({ enum: ACTIVITY_CATEGORIES }) category!: ActivityCategory;
  @ApiProperty({ enum: ACTIVITY_UNITS }) unit!: ActivityUnit;
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(entity: ActivityTypeEntity): ActivityTypeDto {
    return {
      id: entity.id,
      key: entity.key,
      label: entity.label,
      category: entity.category,
      unit: entity.unit,
      active: entity.active,
      createdAt: entity.createdAt.toISOString(),
    };
  }
}

export class CreateActivityTypeDto implements CreateActivityTypeRequest {
  @ApiProperty({
    example: 'linkedin_message',
    description: 'lower-case slug: letters, digits, underscores',
  })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,39}$/, {
    message:
      '$property must be a lower-case slug of up to 40 letters, digits and underscores, starting with a letter',
  })
  key!: string;

  @ApiProperty({ example: 'LinkedIn message' })
  @IsName(80)
  label!: string;

  @ApiProperty({ enum: ACTIVITY_CATEGORIES })
  @IsIn(ACTIVITY_CATEGORIES)
  category!: ActivityCategory;

  @ApiProperty({ enum: ACTIVITY_UNITS })
  @IsIn(ACTIVITY_UNITS)
  unit!: ActivityUnit;
}

export class UpdateActivityTypeDto implements UpdateActivityTypeRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsName(80)
  label?: string;

  @ApiPropertyOptional({
    description: 'false retires the type: history keeps it, new activities cannot use it',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
