import type { DeliveryStatus } from '@arena/contracts';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { OrganizationEntity } from '../../orgs/entities/organization.entity';
import { ConnectionEntity } from './connection.entity';

/** A payload as received (webhook body, sync page, CSV chunk) and what processing made of it. */
@Entity({ name: 'connection_deliveries' })
@Index('idx_connection_deliveries_org_connection_received', ['orgId', 'connectionId', 'receivedAt'])
@Check('chk_connection_deliveries_status', `"status" IN ('queued', 'processed', 'failed')`)
export class ConnectionDeliveryEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_connection_deliveries' })
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_connection_deliveries_org' })
  org?: OrganizationEntity;

  @Column({ type: 'uuid' })
  connectionId!: string;

  @ManyToOne(() => ConnectionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'connection_id',
    foreignKeyConstraintName: 'fk_connection_deliveries_connection',
  })
  connection?: ConnectionEntity;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status!: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  error!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  processedAt!: Date | null;

  @Column({ type: 'jsonb', select: false })
  body!: unknown;

  @Column({ type: 'int', default: 0 })
  records!: number;

  @Column({ type: 'int', default: 0 })
  recorded!: number;

  @Column({ type: 'int', default: 0 })
  voided!: number;

  @Column({ type: 'int', default: 0 })
  unmatched!: number;

  @Column({ type: 'int', default: 0 })
  ignored!: number;
}
