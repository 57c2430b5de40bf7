import {
  DISPLAY_SCREENS,
  type CreateDisplayRequest,
  type CreatedDisplay,
  type Display,
  type DisplayConfig,
  type DisplayPlaylistItem,
  type DisplayScreen,
  type UpdateDisplayRequest,
} from '@arena/contracts';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsName } from '../../common/validators';
import { ContestDto } from '../../contests/dto/contest.dto';
import type { DisplayEntity } from '../entities/display.entity';

export class DisplayPlaylistItemDto implements DisplayPlaylistItem {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') contestId!: string;
  @ApiProperty({ enum: DISPLAY_SCREENS }) @IsIn(DISPLAY_SCREENS) screen!: DisplayScreen;
}

export class DisplayDto implements Display {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Sales floor TV' }) name!: string;
  @ApiProperty({ type: [DisplayPlaylistItemDto] }) playlist!: DisplayPlaylistItemDto[];
  @ApiProperty({ example: 20 }) rotationSeconds!: number;
  @ApiProperty({ example: 'arenatv_Xk3' }) tokenPrefix!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastSeenAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(entity: DisplayEntity): DisplayDto {
    return {
      id: entity.id,
      name: entity.name,
      playlist: entity.playlist,
      rotationSeconds: entity.rotationSeconds,
      tokenPrefix: entity.tokenPrefix,
      lastSeenAt: entity.lastSeenAt?.toISOString() ?? null,
      revokedAt: entity.revokedAt?.toISOString() ?? null,
      createdAt: entity.createdAt.toISOString(),
    };
  }
}

export class CreatedDisplayDto implements CreatedDisplay {
  @ApiProperty({ type: DisplayDto }) display!: DisplayDto;
  @ApiProperty({ description: 'shown once; only its hash is stored' }) token!: string;
  @ApiProperty({ example: '/tv#token=arenatv_…' }) url!: string;
}

class DisplayConfigItemDto extends DisplayPlaylistItemDto {
  @ApiProperty({ type: ContestDto }) contest!: ContestDto;
}

export class DisplayConfigDto implements DisplayConfig {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Sales floor TV' }) name!: string;
  @ApiProperty() orgName!: string;
  @ApiProperty({ example: 20 }) rotationSeconds!: number;
  @ApiProperty({
    type: [DisplayConfigItemDto],
    description: 'published contests of the playlist the display may read, in order',
  })
  playlist!: DisplayConfigItemDto[];
  @ApiProperty({
    description: 'changes with every release of the web app: a TV reloads on a new one',
  })
  release!: string;
}

export class CreateDisplayDto implements CreateDisplayRequest {
  @ApiProperty({ example: 'Sales floor TV' }) @IsName(80) name!: string;

  @ApiProperty({ type: [DisplayPlaylistItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => DisplayPlaylistItemDto)
  playlist!: DisplayPlaylistItemDto[];

  @ApiPropertyOptional({ example: 20, minimum: 5, maximum: 3600 })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(3600)
  rotationSeconds?: number;
}

export class UpdateDisplayDto
  extends PartialType(CreateDisplayDto)
  implements UpdateDisplayRequest {}
