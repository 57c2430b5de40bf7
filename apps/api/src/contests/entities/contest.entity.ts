import type {
  ContestAchievement,
  ContestMode,
  ContestPrize,
  ParticipantScope,
  TeamAggregation,
} from '@arena/contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { OrganizationEntity } from '../../orgs/entities/organization.entity';
import { UserEntity } from '../../users/entities/user.entity';
import { ContestMultiplierEntity } from './contest-multiplier.entity';
import { ContestParticipantEntity } from './contest-participant.entity';
import { ContestRuleEntity } from './contest-rule.entity';

/**
 * A contest. Its status is derived, not stored: draft until published, then scheduled, live and
 * ended by the clock, and archived once archived — so no job has to flip it on time.
 */
@Entity({ name: 'contests' })
@Index('idx_contests_org_window', ['orgId', 'startsAt', 'endsAt'])
@Check('chk_contests_window', `"ends_at" > "starts_at"`)
@Check('chk_contests_mode', `"mode" IN ('individual', 'team')`)
@Check('chk_contests_team_aggregation', `"team_aggregation" IN ('sum', 'average')`)
@Check('chk_contests_participant_scope', `"participant_scope" IN ('listed', 'all', 'teams')`)
@Check('chk_contests_goal_positive', `"goal_points" IS NULL OR "goal_points" > 0`)
// What org-owned rows reference: their foreign keys are (org_id, x_id) (migration OrgKeys).
@Unique('uq_contests_org_id', ['orgId', 'id'])
export class ContestEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_contests' })
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_contests_org' })
  org?: OrganizationEntity;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'varchar', length: 2000, default: '' })
  description!: string;

  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'varchar', length: 64 })
  timezone!: string;

  @Column({ type: 'varchar', length: 16, default: 'individual' })
  mode!: ContestMode;

  @Column({ type: 'varchar', length: 16, default: 'sum' })
  teamAggregation!: TeamAggregation;

  /**
   * Who takes part (individual mode): 'listed' reps, 'all' competing reps of the organisation, or
   * every member of the listed 'teams' — resolved live, so new hires and team moves join the board.
   */
  @Column({ type: 'varchar', length: 16, default: 'listed' })
  participantScope!: ParticipantScope;

  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true })
  goalPoints!: string | null;

  @Column({ type: 'jsonb' })
  prizes!: ContestPrize[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  achievements!: ContestAchievement[];

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_contests_created_by' })
  creator?: UserEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @OneToMany(() => ContestRuleEntity, (rule) => rule.contest)
  rules?: ContestRuleEntity[];

  @OneToMany(() => ContestMultiplierEntity, (multiplier) => multiplier.contest)
  multipliers?: ContestMultiplierEntity[];

  @OneToMany(() => ContestParticipantEntity, (participant) => participant.contest)
  participants?: ContestParticipantEntity[];
}
