import type { AssessmentPhase } from '@arena/contracts';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ContestEntity } from '../../contests/entities/contest.entity';
import { OrganizationEntity } from '../../orgs/entities/organization.entity';
import { UserEntity } from '../../users/entities/user.entity';

/** A manager's rating of a rep's behaviours at the start or the end of a contest (one each). */
@Entity({ name: 'assessments' })
@Index('uq_assessments_rep_contest_phase', ['orgId', 'userId', 'contestId', 'phase'], {
  unique: true,
})
@Index('idx_assessments_org_user', ['orgId', 'userId'])
@Check('chk_assessments_phase', `"phase" IN ('start', 'end')`)
export class AssessmentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_assessments' })
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_assessments_org' })
  org?: OrganizationEntity;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_assessments_user' })
  user?: UserEntity;

  @Column({ type: 'uuid' })
  contestId!: string;

  @ManyToOne(() => ContestEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'fk_assessments_contest' })
  contest?: ContestEntity;

  @Column({ type: 'varchar', length: 8 })
  phase!: AssessmentPhase;

  @Column({ type: 'uuid', nullable: true })
  assessedBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assessed_by', foreignKeyConstraintName: 'fk_assessments_assessed_by' })
  assessor?: UserEntity | null;

  /** Per behaviour: rating 1–5 and an optional note (done right, done wrong). */
  @Column({ type: 'jsonb' })
  ratings!: Array<{ behaviourId: string; rating: number; note: string }>;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
