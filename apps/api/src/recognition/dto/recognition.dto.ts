import {
  ACHIEVEMENT_KINDS,
  RECOGNITION_KINDS,
  type AchievementKind,
  type Badge,
  type CreateBadgeRequest,
  type CreateRecognitionRequest,
  type ParticipantKind,
  type PersonRef,
  type Recognition,
  type RecognitionKind,
  type RetractRecognitionRequest,
  type TrophyCase,
  type UpdateBadgeRequest,
} from '@arena/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { PageQueryDto, QueryBoolean } from '../../common/page-query.dto';
import { IsName } from '../../common/validators';
import type { BadgeEntity } from '../entities/badge.entity';

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
const IsEmoji = () => Length(1, 16, { message: '$property must be one emoji' });
const IsColor = () =>
  Matches(/^#[0-9a-f]{6}$/, { message: '$property must be a colour such as #16a34a' });

export class BadgeDto implements Badge {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'deal_closer' }) key!: string;
  @ApiProperty({ example: 'Deal Closer' }) name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ example: '🤝' }) emoji!: string;
  @ApiProperty({ example: '#16a34a' }) color!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) retiredAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(entity: BadgeEntity): BadgeDto {
    return {
      id: entity.id,
      key: entity.key,
      name: entity.name,
      description: entity.description,
      emoji: entity.emoji,
      color: entity.color,
      retiredAt: entity.retiredAt?.toISOString() ?? null,
      createdAt: entity.createdAt.toISOString(),
    };
  }
}

export class CreateBadgeDto implements CreateBadgeRequest {
  @ApiProperty({ example: 'closer_of_the_month' })
  @Matches(/^[a-z][a-z0-9_]{0,39}$/, {
    message: '$property must be a lower-case slug such as closer_of_the_month',
  })
  key!: string;

  @ApiProperty({ example: 'Closer of the Month' })
  @IsName(60)
  name!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @trim()
  @IsString()
  @MaxLength(300)
  description?: string;

  @ApiProperty({ example: '🏅' })
  @trim()
  @IsString()
  @IsEmoji()
  emoji!: string;

  @ApiProperty({ example: '#16a34a' })
  @IsColor()
  color!: string;
}

export class UpdateBadgeDto implements UpdateBadgeRequest {
  @ApiPropertyOptional() @IsOptional() @IsName(60) name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @trim()
  @IsString()
  @MaxLength(300)
  description?: string;

  @ApiPropertyOptional() @IsOptional() @trim() @IsString() @IsEmoji() emoji?: string;
  @ApiPropertyOptional() @IsOptional() @IsColor() color?: string;

  @ApiPropertyOptional({ description: 'true retires the badge, false brings it back' })
  @IsOptional()
  @IsBoolean()
  retired?: boolean;
}

class RecognitionBadgeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() key!: string;
  @ApiProperty() name!: string;
  @ApiProperty() emoji!: string;
  @ApiProperty() color!: string;
}

export class PersonRefDto implements PersonRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

class RecipientDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['user', 'team'] }) kind!: ParticipantKind;
  @ApiProperty() name!: string;
}

class AchievementRefDto {
  @ApiProperty({ enum: ACHIEVEMENT_KINDS }) kind!: AchievementKind;
  @ApiProperty({ nullable: true, type: Number }) placing!: number | null;
}

export class RecognitionDto implements Recognition {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: RECOGNITION_KINDS }) kind!: RecognitionKind;
  @ApiProperty({ type: RecognitionBadgeDto, nullable: true }) badge!: RecognitionBadgeDto | null;
  @ApiProperty({ type: AchievementRefDto, nullable: true }) achievement!: AchievementRefDto | null;
  @ApiProperty({ type: RecipientDto }) recipient!: RecipientDto;
  @ApiProperty({ type: PersonRefDto, nullable: true, description: 'null: awarded by Arena' })
  awardedBy!: PersonRefDto | null;
  @ApiProperty({ type: PersonRefDto, nullable: true }) contest!: PersonRefDto | null;
  @ApiProperty() message!: string;
  @ApiProperty({ nullable: true, type: String }) prize!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) retractedAt!: string | null;
  @ApiProperty({ type: PersonRefDto, nullable: true }) retractedBy!: PersonRefDto | null;
  @ApiProperty({ nullable: true, type: String }) retractionReason!: string | null;
}

export class RecognitionPageDto {
  @ApiProperty({ type: [RecognitionDto] }) items!: RecognitionDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class CreateRecognitionDto implements CreateRecognitionRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'a rep (or any user) of your organisation' })
  @IsOptional()
  @IsUUID('all')
  recipientUserId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'or a team (badges only)' })
  @IsOptional()
  @IsUUID('all')
  recipientTeamId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'managers and admins; without it: kudos' })
  @IsOptional()
  @IsUUID('all')
  badgeId?: string;

  @ApiProperty({ example: 'That demo turned the deal around. Thank you!' })
  @trim()
  @IsString()
  @Length(1, 1000, { message: '$property must be 1 to 1000 characters' })
  message!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  contestId?: string;

  @ApiPropertyOptional({ example: 'A day off' })
  @IsOptional()
  @IsName(200)
  prize?: string;
}

export class RetractRecognitionDto implements RetractRecognitionRequest {
  @ApiProperty({ example: 'Awarded to the wrong person' })
  @trim()
  @IsString()
  @Length(1, 500, { message: '$property must be 1 to 500 characters' })
  reason!: string;
}

export class RecognitionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') contestId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'received by this rep' })
  @IsOptional()
  @IsUUID('all')
  userId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'received by this team or its members' })
  @IsOptional()
  @IsUUID('all')
  teamId?: string;
  @ApiPropertyOptional({ enum: RECOGNITION_KINDS })
  @IsOptional()
  @IsIn(RECOGNITION_KINDS)
  kind?: RecognitionKind;
  @ApiPropertyOptional({ description: 'include retracted ones (the audit trail)' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  includeRetracted?: boolean;
}

class TrophyBadgeDto {
  @ApiProperty({ type: RecognitionBadgeDto }) badge!: RecognitionBadgeDto;
  @ApiProperty() count!: number;
  @ApiProperty({ format: 'date-time' }) lastAwardedAt!: string;
}

class TrophyUserDto extends PersonRefDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) teamId!: string | null;
}

export class TrophyCaseDto implements TrophyCase {
  @ApiProperty({ type: TrophyUserDto }) user!: TrophyUserDto;
  @ApiProperty({ type: [TrophyBadgeDto] }) badges!: TrophyBadgeDto[];
  @ApiProperty() kudosReceived!: number;
  @ApiProperty({ type: [RecognitionDto] }) recent!: RecognitionDto[];
}
