import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { OrganizationEntity } from '../../orgs/entities/organization.entity';

/** A sales behaviour managers rate reps on (1–5), per organisation. Retired, never deleted. */
@Entity({ name: 'behaviours' })
@Index('uq_behaviours_org_name', ['orgId', 'name'], { unique: true })
export class BehaviourEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_behaviours' })
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_behaviours_org' })
  org?: OrganizationEntity;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  description!: string;

  @Column({ type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
