import type { ApiKeyScope } from '@arena/contracts';
import {
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
import { UserEntity } from '../../users/entities/user.entity';

/** A machine credential for CRMs and scripts. Only a SHA-256 of the secret is stored. */
@Entity({ name: 'api_keys' })
@Index('uq_api_keys_key_hash', ['keyHash'], { unique: true })
@Index('idx_api_keys_org', ['orgId'])
// What org-owned rows reference: their foreign keys are (org_id, x_id) (migration OrgKeys).
@Unique('uq_api_keys_org_id', ['orgId', 'id'])
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_api_keys' })
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_api_keys_org' })
  org?: OrganizationEntity;

  @Column({ type: 'varchar', length: 80 })
  name!: string;

  @Column({ type: 'varchar', length: 24 })
  prefix!: string;

  @Column({ type: 'varchar', length: 64, select: false })
  keyHash!: string;

  @Column({ type: 'text', array: true })
  scopes!: ApiKeyScope[];

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_api_keys_created_by' })
  creator?: UserEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
