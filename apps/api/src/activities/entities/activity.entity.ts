import type { ActivitySource } from '@arena/contracts';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { ActivityTypeEntity } from '../../activity-types/entities/activity-type.entity';
import { ApiKeyEntity } from '../../api-keys/entities/api-key.entity';
import { OrganizationEntity } from '../../orgs/entities/organization.entity';
import { UserEntity } from '../../users/entities/user.entity';

/** The immutable activity log. Rows are never updated except to void them. */
@Entity({ name: 'activities' })
@Index('uq_activities_org_external_id', ['orgId', 'externalId'], {
  unique: true,
  where: '"external_id" IS NOT NULL',
})
@Index('idx_activities_org_user_occurred', ['orgId', 'userId', 'occurredAt'])
@Index('idx_activities_org_occurred', ['orgId', 'occurredAt'])
@Check('chk_activities_quantity_positive', `"quantity" > 0`)
@Check('chk_activities_source', `"source" IN ('manual', 'api', 'import', 'webhook')`)
@Check('chk_activities_void_complete', `("voided_at" IS NULL) = ("void_reason" IS NULL)`)
// What kept scores reference: their foreign key is (org_id, activity_id) (migration OrgChildKeys).
@Unique('uq_activities_org_id', ['orgId', 'id'])
export class ActivityEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_activities' })
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_activities_org' })
  org?: OrganizationEntity;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_activities_user' })
  user?: UserEntity;

  @Column({ type: 'uuid' })
  activityTypeId!: string;

  @ManyToOne(() => ActivityTypeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'activity_type_id', foreignKeyConstraintName: 'fk_activities_activity_type' })
  activityType?: ActivityTypeEntity;

  /** Exact decimal, read back as a string. */
  @Column({ type: 'numeric', precision: 14, scale: 2 })
  quantity!: string;

  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;

  @Column({ type: 'varchar', length: 16 })
  source!: ActivitySource;

  @Column({ type: 'varchar', length: 200, nullable: true })
  externalId!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @Column({ type: 'uuid', nullable: true })
  recordedBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'recorded_by', foreignKeyConstraintName: 'fk_activities_recorded_by' })
  recorder?: UserEntity;

  @Column({ type: 'uuid', nullable: true })
  apiKeyId!: string | null;

  @ManyToOne(() => ApiKeyEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'api_key_id', foreignKeyConstraintName: 'fk_activities_api_key' })
  apiKey?: ApiKeyEntity;

  @Column({ type: 'timestamptz', nullable: true })
  voidedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  voidedBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'voided_by', foreignKeyConstraintName: 'fk_activities_voided_by' })
  voider?: UserEntity;

  @Column({ type: 'varchar', length: 500, nullable: true })
  voidReason!: string | null;
}
