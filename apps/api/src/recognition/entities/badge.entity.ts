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

/** A badge of an organisation's catalogue. Never deleted: retired badges stay on old awards. */
@Entity({ name: 'badges' })
@Index('uq_badges_org_key', ['orgId', 'key'], { unique: true })
@Check('chk_badges_key', `"key" ~ '^[a-z][a-z0-9_]*$'`)
@Check('chk_badges_color', `"color" ~ '^#[0-9a-f]{6}$'`)
// What org-owned rows reference: their foreign keys are (org_id, x_id) (migration OrgKeys).
@Unique('uq_badges_org_id', ['orgId', 'id'])
export class BadgeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_badges' })
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_badges_org' })
  org?: OrganizationEntity;

  @Column({ type: 'varchar', length: 40 })
  key!: string;

  @Column({ type: 'varchar', length: 60 })
  name!: string;

  @Column({ type: 'varchar', length: 300, default: '' })
  description!: string;

  @Column({ type: 'varchar', length: 16 })
  emoji!: string;

  @Column({ type: 'varchar', length: 7 })
  color!: string;

  @Column({ type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
