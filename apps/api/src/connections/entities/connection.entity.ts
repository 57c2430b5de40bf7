import type {
  ConnectionKind,
  ConnectionSettings,
  ConnectionStatus,
  MappingRule,
} from '@arena/contracts';
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
  UpdateDateColumn,
} from 'typeorm';
import { OrganizationEntity } from '../../orgs/entities/organization.entity';
import { UserEntity } from '../../users/entities/user.entity';

/**
 * A source of activities (a CRM, a webhook sender, CSV uploads): its mapping, its credentials
 * (sealed with SECRETS_KEY, never returned), and what it last did.
 */
@Entity({ name: 'connections' })
@Index('idx_connections_org', ['orgId', 'createdAt'])
@Index('uq_connections_webhook_token', ['webhookToken'], { unique: true })
@Unique('uq_connections_org_id', ['orgId', 'id'])
@Check('chk_connections_kind', `"kind" IN ('hubspot', 'pipedrive', 'salesforce', 'webhook', 'csv')`)
@Check('chk_connections_status', `"status" IN ('active', 'paused')`)
export class ConnectionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_connections' })
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_connections_org' })
  org?: OrganizationEntity;

  @Column({ type: 'varchar', length: 80 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: ConnectionKind;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status!: ConnectionStatus;

  @Column({ type: 'jsonb' })
  mapping!: MappingRule[];

  @Column({ type: 'jsonb', default: {} })
  settings!: ConnectionSettings;

  /** SecretBox-sealed JSON object of the credentials; null when none are set. */
  @Column({ type: 'text', nullable: true, select: false })
  credentials!: string | null;

  /** Names of the credentials set (the values are sealed). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  credentialNames!: string[];

  /** The secret part of the webhook URL: whoever has it may post, and must still sign. */
  @Column({ type: 'varchar', length: 64 })
  webhookToken!: string;

  /** A pull connector's position (modified-since cursor per object), kept across restarts. */
  @Column({ type: 'jsonb', default: {} })
  cursor!: Record<string, unknown>;

  @Column({ type: 'timestamptz', nullable: true })
  lastReceivedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastScoredAt!: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastErrorAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_connections_created_by' })
  creator?: UserEntity | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
