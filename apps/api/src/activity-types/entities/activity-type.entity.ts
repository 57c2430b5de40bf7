import type { ActivityCategory, ActivityUnit } from '@arena/contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { OrganizationEntity } from '../../orgs/entities/organization.entity';

@Entity({ name: 'activity_types' })
@Index('uq_activity_types_org_key', ['orgId', 'key'], { unique: true })
@Check('chk_activity_types_key', `"key" ~ '^[a-z][a-z0-9_]{0,39}$'`)
@Check('chk_activity_types_category', `"category" IN ('activity', 'outcome')`)
@Check('chk_activity_types_unit', `"unit" IN ('count', 'currency', 'minutes')`)
// What org-owned rows reference: their foreign keys are (org_id, x_id) (migration OrgKeys).
@Unique('uq_activity_types_org_id', ['orgId', 'id'])
export class ActivityTypeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_activity_types' })
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_activity_types_org' })
  org?: OrganizationEntity;

  /** Slug used by the API and by contest rules; fixed once created. */
  @Column({ type: 'varchar', length: 40 })
  key!: string;

  @Column({ type: 'varchar', length: 80 })
  label!: string;

  @Column({ type: 'varchar', length: 16 })
  category!: ActivityCategory;

  @Column({ type: 'varchar', length: 16 })
  unit!: ActivityUnit;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
