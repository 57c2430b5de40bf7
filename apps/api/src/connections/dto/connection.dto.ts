import {
  IMPORT_STATUSES,
  type ActivityImport,
  type ImportCheck,
  type ImportPreviewRow,
  type ImportStatus,
  CONNECTION_KINDS,
  CONNECTION_STATUSES,
  DELIVERY_STATUSES,
  type Connection,
  type ConnectionDelivery,
  type ConnectionDeliveryDetail,
  type ConnectionHealth,
  type ConnectionFreshness,
  type ConnectionHealthState,
  type ConnectionKind,
  type ConnectionPreset,
  type ConnectionSettings,
  type ConnectionStatus,
  type ConnectionSync,
  type CreateConnectionRequest,
  type CredentialField,
  type DeliveryPage,
  type DeliveryStatus,
  type LinkOwnerRequest,
  type LinkOwnerResponse,
  type MappingCondition,
  type MappingRule,
  type MappingValue,
  type OwnerLink,
  type SavedConnection,
  type UnmatchedOwner,
  type UpdateConnectionRequest,
  type WebhookReceipt,
} from '@arena/contracts';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';
import { IsEmailAddress, IsName } from '../../common/validators';

const FIELD_PATH = /^[A-Za-z0-9_$@-]+(\.[A-Za-z0-9_$@-]+)*$/;
/** A dotted path into a record (`properties.amount`). */
const FieldPath = (optional = false) =>
  applyDecorators(
    ...(optional ? [IsOptional()] : []),
    IsString(),
    MaxLength(200),
    Matches(FIELD_PATH, {
      message: '$property must be a dotted field path such as properties.amount',
    }),
  );

/** Strings, numbers and booleans only: what a CRM field is compared with. */
const IsMappingValues = () =>
  ValidateBy({
    name: 'isMappingValues',
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) &&
        value.length >= 1 &&
        value.length <= 50 &&
        value.every(
          (item) =>
            (typeof item === 'string' && item.length <= 200) ||
            typeof item === 'boolean' ||
            (typeof item === 'number' && Number.isFinite(item)),
        ),
      defaultMessage: () =>
        '$property must be 1 to 50 strings (≤ 200 characters), numbers or booleans',
    },
  });

export class MappingConditionDto implements MappingCondition {
  @ApiProperty({ example: 'properties.dealstage' })
  @FieldPath()
  field!: string;

  @ApiPropertyOptional({ example: ['closedwon'], type: 'array', items: {} })
  @IsOptional()
  @IsMappingValues()
  in?: MappingValue[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  exists?: boolean;
}

export class MappingRuleDto implements MappingRule {
  @ApiProperty({ example: 'deals-won' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,39}$/, {
    message: '$property must be 1 to 40 lower-case letters, digits or dashes',
  })
  id!: string;

  @ApiProperty({ example: 'deals', description: '`*` matches every record' })
  @IsString()
  @Matches(/^(\*|[A-Za-z0-9_.-]{1,60})$/, { message: '$property must be * or a record kind' })
  object!: string;

  @ApiProperty({ example: 'deal_won' })
  @IsString()
  @MaxLength(60)
  activityType!: string;

  @ApiPropertyOptional({
    example: 'type',
    description: 'a field naming each record’s activity type',
  })
  @FieldPath(true)
  activityTypeField?: string;

  @ApiPropertyOptional({ type: [MappingConditionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => MappingConditionDto)
  where?: MappingConditionDto[];

  @ApiPropertyOptional({ example: 'id' }) @FieldPath(true) idField?: string;
  @ApiPropertyOptional({ example: 'properties.amount' }) @FieldPath(true) quantityField?: string;
  @ApiProperty({ example: 'properties.closedate' }) @FieldPath() timeField!: string;
  @ApiPropertyOptional({ example: 'properties.hubspot_owner_id' })
  @FieldPath(true)
  ownerIdField?: string;
  @ApiPropertyOptional({ example: 'owner.email' }) @FieldPath(true) ownerEmailField?: string;
}

export class ConnectionSettingsDto implements ConnectionSettings {
  @ApiPropertyOptional({ example: 'items', description: 'where a webhook body holds its records' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^$|^[A-Za-z0-9_$@-]+(\.[A-Za-z0-9_$@-]+)*$/, {
    message: '$property must be empty or a dotted field path',
  })
  recordsPath?: string;

  @ApiPropertyOptional({ example: 'type' }) @FieldPath(true) objectField?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 365 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  backfillDays?: number;

  @ApiPropertyOptional({ example: 'https://api.hubapi.com' })
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(300)
  apiBaseUrl?: string;
}

/** Credential values: strings of at most 4,000 characters, by name. */
const IsCredentials = () =>
  ValidateBy({
    name: 'isCredentials',
    validator: {
      validate: (value: unknown) =>
        value !== null &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        Object.entries(value).length <= 20 &&
        Object.entries(value).every(
          ([key, item]) =>
            /^[A-Za-z][A-Za-z0-9]{0,39}$/.test(key) &&
            typeof item === 'string' &&
            item.length >= 1 &&
            item.length <= 4000,
        ),
      defaultMessage: () =>
        '$property must map credential names to strings of 1 to 4,000 characters',
    },
  });

export class CreateConnectionDto implements CreateConnectionRequest {
  @ApiProperty({ example: 'HubSpot (sales)' }) @IsName(80) name!: string;

  @ApiProperty({ enum: CONNECTION_KINDS })
  @IsIn(CONNECTION_KINDS)
  kind!: ConnectionKind;

  @ApiPropertyOptional({ type: [MappingRuleDto], description: "absent: the kind's preset" })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MappingRuleDto)
  mapping?: MappingRuleDto[];

  @ApiPropertyOptional({ type: ConnectionSettingsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConnectionSettingsDto)
  settings?: ConnectionSettingsDto;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'by name (see the preset); stored encrypted, never returned',
  })
  @IsOptional()
  @IsCredentials()
  credentials?: Record<string, string>;
}

/** Any of a connection's fields but its kind; `credentials` replaces the ones it names. */
export class UpdateConnectionDto
  extends PartialType(OmitType(CreateConnectionDto, ['kind'] as const))
  implements UpdateConnectionRequest
{
  @ApiPropertyOptional({ enum: CONNECTION_STATUSES })
  @IsOptional()
  @IsIn(CONNECTION_STATUSES)
  status?: ConnectionStatus;
}

export class ConnectionHealthDto implements ConnectionHealth {
  @ApiProperty({ enum: ['ok', 'waiting', 'stale', 'failing'] }) state!: ConnectionHealthState;
  @ApiProperty({ example: 'Last record 2 min ago' }) summary!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastReceivedAt!:
    string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastScoredAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) lagSeconds!: number | null;
  @ApiProperty() recordsLastHour!: number;
  @ApiProperty() errorsLastDay!: number;
  @ApiProperty() unmatched!: number;
  @ApiProperty() queued!: number;
}

export class ConnectionSyncDto implements ConnectionSync {
  @ApiProperty({ enum: ['backfill', 'incremental'] }) phase!: 'backfill' | 'incremental';
  @ApiProperty({ minimum: 0, maximum: 1 }) progress!: number;
  @ApiProperty({ format: 'date-time' }) backfillFrom!: string;
  @ApiProperty() recordsRead!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastRunAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) nextRunAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  rateLimitedUntil!: string | null;
  @ApiProperty() running!: boolean;
}

export class ConnectionDto implements Connection {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CONNECTION_KINDS }) kind!: ConnectionKind;
  @ApiProperty({ enum: CONNECTION_STATUSES }) status!: ConnectionStatus;
  @ApiProperty({ type: [MappingRuleDto] }) mapping!: MappingRule[];
  @ApiProperty({ type: ConnectionSettingsDto }) settings!: ConnectionSettings;
  @ApiProperty({ type: [String], description: 'names only; values are never returned' })
  credentialsSet!: string[];
  @ApiProperty({ nullable: true, type: String }) webhookUrl!: string | null;
  @ApiProperty({ type: ConnectionSyncDto, nullable: true }) sync!: ConnectionSync | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: ConnectionHealthDto }) health!: ConnectionHealth;
}

export class SavedConnectionDto extends ConnectionDto implements SavedConnection {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'credentials Arena generated (webhook secrets), shown in this answer only',
  })
  generatedCredentials!: Record<string, string>;
}

export class CredentialFieldDto implements CredentialField {
  @ApiProperty() name!: string;
  @ApiProperty() label!: string;
  @ApiPropertyOptional() generated?: boolean;
  @ApiPropertyOptional() required?: boolean;
}

export class ConnectionPresetDto implements ConnectionPreset {
  @ApiProperty({ enum: CONNECTION_KINDS }) kind!: ConnectionKind;
  @ApiProperty() label!: string;
  @ApiProperty({ type: [MappingRuleDto] }) mapping!: MappingRule[];
  @ApiProperty({ type: ConnectionSettingsDto }) settings!: ConnectionSettings;
  @ApiProperty({ type: [CredentialFieldDto] }) credentials!: CredentialField[];
  @ApiProperty({ nullable: true, type: String }) webhookAuth!: string | null;
}

export class ConnectionDeliveryDto implements ConnectionDelivery {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: DeliveryStatus;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) processedAt!: string | null;
  @ApiProperty() records!: number;
  @ApiProperty() recorded!: number;
  @ApiProperty() voided!: number;
  @ApiProperty() unmatched!: number;
  @ApiProperty() ignored!: number;
}

export class ConnectionDeliveryDetailDto
  extends ConnectionDeliveryDto
  implements ConnectionDeliveryDetail
{
  @ApiProperty({ description: 'the payload as received' }) body!: unknown;
}

export class DeliveryPageDto implements DeliveryPage {
  @ApiProperty({ type: [ConnectionDeliveryDto] }) items!: ConnectionDelivery[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class UnmatchedTypeDto {
  @ApiProperty() activityType!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty() records!: number;
}

export class UnmatchedOwnerDto implements UnmatchedOwner {
  @ApiProperty({ nullable: true, type: String }) ownerId!: string | null;
  @ApiProperty({ nullable: true, type: String }) ownerEmail!: string | null;
  @ApiProperty() records!: number;
  @ApiProperty({ type: [UnmatchedTypeDto] }) byType!: UnmatchedTypeDto[];
  @ApiProperty({ format: 'date-time' }) firstAt!: string;
  @ApiProperty({ format: 'date-time' }) lastAt!: string;
}

export class LinkOwnerDto implements LinkOwnerRequest {
  @ApiPropertyOptional({ example: '910', description: "the CRM's user id" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/\S/, { message: '$property must not be blank' })
  ownerId?: string;

  @ApiPropertyOptional({ example: 'dana@example.com' })
  @IsOptional()
  @IsEmailAddress()
  ownerEmail?: string;

  @ApiProperty({ format: 'uuid' }) @IsUUID() userId!: string;
}

export class OwnerLinkDto implements OwnerLink {
  @ApiProperty({ nullable: true, type: String }) ownerId!: string | null;
  @ApiProperty({ nullable: true, type: String }) ownerEmail!: string | null;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class LinkOwnerResponseDto implements LinkOwnerResponse {
  @ApiProperty({ type: OwnerLinkDto, nullable: true }) link!: OwnerLink | null;
  @ApiProperty() queued!: number;
}

export class WebhookReceiptDto implements WebhookReceipt {
  @ApiProperty({ format: 'uuid' }) deliveryId!: string;
}

export class DeliveryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

export class ActivityImportDto implements ActivityImport {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) connectionId!: string;
  @ApiProperty({ nullable: true, type: String }) fileName!: string | null;
  @ApiProperty({ enum: IMPORT_STATUSES }) status!: ImportStatus;
  @ApiProperty() rows!: number;
  @ApiProperty({ description: 'rows imported so far (the progress bar)' }) processed!: number;
  @ApiProperty() recorded!: number;
  @ApiProperty() unmatched!: number;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;
}

export class ImportPreviewRepDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class ImportPreviewRowDto implements ImportPreviewRow {
  @ApiProperty() line!: number;
  @ApiProperty() activityType!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ nullable: true, type: String }) owner!: string | null;
  @ApiProperty({ type: ImportPreviewRepDto, nullable: true }) rep!: ImportPreviewRepDto | null;
}

export class ImportCheckDto implements ImportCheck {
  @ApiProperty() rows!: number;
  @ApiProperty({ type: [String] }) columns!: string[];
  @ApiProperty({ type: [ImportPreviewRowDto] }) preview!: ImportPreviewRow[];
  @ApiProperty() unmatched!: number;
}

export class ImportQueryDto {
  @ApiPropertyOptional({ description: 'check the file and answer what it holds; store nothing' })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';

  @ApiPropertyOptional({ example: 'november-calls.csv' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  fileName?: string;
}

export class ConnectionFreshnessDto implements ConnectionFreshness {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'HubSpot (sales)' }) name!: string;
  @ApiProperty({ enum: CONNECTION_KINDS }) kind!: ConnectionKind;
  @ApiProperty({ enum: ['ok', 'waiting', 'stale', 'failing'] }) state!: ConnectionHealthState;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'when Arena last heard from it: a record, or a sync that found nothing new',
  })
  asOf!: string | null;
  @ApiProperty({ example: 'Last record 2 min ago' }) summary!: string;
}
