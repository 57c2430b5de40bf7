import {
  API_KEY_SCOPES,
  type ApiKey,
  type ApiKeyScope,
  type CreateApiKeyRequest,
  type CreateApiKeyResponse,
} from '@arena/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional } from 'class-validator';
import { IsName } from '../../common/validators';
import type { ApiKeyEntity } from '../entities/api-key.entity';

export class ApiKeyDto implements ApiKey {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Salesforce sync' }) name!: string;
  @ApiProperty({ example: 'arena_Xy12ab' }) prefix!: string;
  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true }) scopes!: ApiKeyScope[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;

  static from(entity: ApiKeyEntity): ApiKeyDto {
    return {
      id: entity.id,
      name: entity.name,
      prefix: entity.prefix,
      scopes: entity.scopes,
      createdAt: entity.createdAt.toISOString(),
      lastUsedAt: entity.lastUsedAt?.toISOString() ?? null,
      revokedAt: entity.revokedAt?.toISOString() ?? null,
    };
  }
}

export class CreateApiKeyDto implements CreateApiKeyRequest {
  @ApiProperty({ example: 'Salesforce sync' })
  @IsName(80)
  name!: string;

  @ApiPropertyOptional({
    enum: API_KEY_SCOPES,
    isArray: true,
    description: 'without it: `activities:write`',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes?: ApiKeyScope[];
}

export class CreatedApiKeyDto extends ApiKeyDto implements CreateApiKeyResponse {
  @ApiProperty({
    description: 'The secret, shown only in this answer. Send it as `Authorization: Bearer <key>`.',
  })
  key!: string;
}
