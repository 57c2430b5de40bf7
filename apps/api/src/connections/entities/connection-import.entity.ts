import type { ImportStatus } from '@arena/contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { OrganizationEntity } from '../../orgs/entities/organization.entity';
import { ConnectionEntity } from './connection.entity';

/** A CSV file of activities, kept until imported, with the import's progress. */
@Entity({ name: 'connection_imports' })
@Index('idx_connection_imports_org_connection_created', ['orgId', 'connectionId', 'createdAt'])
@Check('chk_connection_imports_status', `"status" IN ('queued', 'importing', 'done', 'failed')`)
export class ConnectionImportEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_connection_imports' })
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_connection_imports_org' })
  org?: OrganizationEntity;

  @Column({ type: 'uuid' })
  connectionId!: string;

  @ManyToOne(() => ConnectionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'connection_id',
    foreignKeyConstraintName: 'fk_connection_imports_connection',
  })
  connection?: ConnectionEntity;

  @Column({ type: 'varchar', length: 200, nullable: true })
  fileName!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status!: ImportStatus;

  /** The file as uploaded; emptied once imported. */
  @Column({ type: 'text', select: false })
  content!: string;

  @Column({ type: 'int' })
  rows!: number;

  @Column({ type: 'int', default: 0 })
  processed!: number;

  @Column({ type: 'int', default: 0 })
  recorded!: number;

  @Column({ type: 'int', default: 0 })
  unmatched!: number;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  error!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
