import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganizationEntity } from '../../orgs/entities/organization.entity';
import { ConnectionEntity } from './connection.entity';

export type ConnectionRecordState = 'counted' | 'unmatched' | 'not_matching';

/**
 * What one mapping rule last made of one CRM record: the activity it counts as, or why it counts
 * for nothing (its owner matches no rep; it no longer matches the rule). A change of the record
 * is compared with this row, so a re-sync of the same record changes nothing.
 */
@Entity({ name: 'connection_records' })
@Index('idx_connection_records_org_unmatched', ['orgId', 'connectionId', 'ownerKey'], {
  where: `"state" = 'unmatched'`,
})
@Check('chk_connection_records_state', `"state" IN ('counted', 'unmatched', 'not_matching')`)
export class ConnectionRecordEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_connection_records' })
  orgId!: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_connection_records' })
  connectionId!: string;

  @PrimaryColumn({ type: 'varchar', length: 40, primaryKeyConstraintName: 'pk_connection_records' })
  ruleId!: string;

  @PrimaryColumn({
    type: 'varchar',
    length: 200,
    primaryKeyConstraintName: 'pk_connection_records',
  })
  recordId!: string;

  @ManyToOne(() => ConnectionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'connection_id',
    foreignKeyConstraintName: 'fk_connection_records_connection',
  })
  connection?: ConnectionEntity;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_connection_records_org' })
  org?: OrganizationEntity;

  @Column({ type: 'varchar', length: 16 })
  state!: ConnectionRecordState;

  /** The activity counted for it (state `counted`). */
  @Column({ type: 'uuid', nullable: true })
  activityId!: string | null;

  /** What the activity was made of (type, quantity, time, rep): a re-sync with the same is a no-op. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  fingerprint!: string | null;

  /** The owner as the CRM names it: `id:<crm user id>` or `email:<address>`. */
  @Column({ type: 'varchar', length: 330, nullable: true })
  ownerKey!: string | null;

  /** The owner's email as the CRM gave it (also when the key is the CRM user id). */
  @Column({ type: 'varchar', length: 320, nullable: true })
  ownerEmail!: string | null;

  @Column({ type: 'varchar', length: 60, nullable: true })
  activityType!: string | null;

  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true })
  quantity!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  occurredAt!: Date | null;

  /** Changes counted so far: part of the next activity's externalId (A → B → A is new each time). */
  @Column({ type: 'int', default: 0 })
  revision!: number;

  /** The record's own modified time when it was applied: an older copy (a stale replay) is skipped. */
  @Column({ type: 'timestamptz', nullable: true })
  modifiedAt!: Date | null;

  /** Why it counts for nothing now (not_matching), in words. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
