import type { AchievementKind, RecognitionKind } from '@arena/contracts';
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
import { ContestEntity } from '../../contests/entities/contest.entity';
import { OrganizationEntity } from '../../orgs/entities/organization.entity';
import { TeamEntity } from '../../teams/entities/team.entity';
import { UserEntity } from '../../users/entities/user.entity';
import { BadgeEntity } from './badge.entity';

/**
 * A badge award, kudos or automatic achievement. Never deleted: a retraction records who, when
 * and why, and the row stays in the audit trail. At most one award per achievement key of a
 * contest is active at a time — the database, not the code, guarantees "never twice".
 */
@Entity({ name: 'recognitions' })
@Index('idx_recognitions_org_created', ['orgId', 'createdAt'])
@Index('idx_recognitions_recipient_user', ['orgId', 'recipientUserId'])
@Index('idx_recognitions_recipient_team', ['orgId', 'recipientTeamId'])
@Index('idx_recognitions_contest', ['contestId'])
@Index('uq_recognitions_active_achievement', ['contestId', 'achievementKey'], {
  unique: true,
  where: '"achievement_key" IS NOT NULL AND "retracted_at" IS NULL',
})
@Check('chk_recognitions_kind', `"kind" IN ('badge', 'kudos', 'achievement')`)
@Check(
  'chk_recognitions_one_recipient',
  `("recipient_user_id" IS NULL) <> ("recipient_team_id" IS NULL)`,
)
@Check(
  'chk_recognitions_kind_fields',
  `("kind" = 'kudos' AND "badge_id" IS NULL AND "prize" IS NULL AND "achievement_key" IS NULL) OR ("kind" = 'badge' AND "badge_id" IS NOT NULL AND "achievement_key" IS NULL) OR ("kind" = 'achievement' AND "achievement_key" IS NOT NULL AND "contest_id" IS NOT NULL)`,
)
@Check(
  'chk_recognitions_retraction_complete',
  `("retracted_at" IS NULL) = ("retraction_reason" IS NULL)`,
)
export class RecognitionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_recognitions' })
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_recognitions_org' })
  org?: OrganizationEntity;

  @Column({ type: 'varchar', length: 16 })
  kind!: RecognitionKind;

  @Column({ type: 'uuid', nullable: true })
  badgeId!: string | null;

  @ManyToOne(() => BadgeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'badge_id', foreignKeyConstraintName: 'fk_recognitions_badge' })
  badge?: BadgeEntity | null;

  @Column({ type: 'uuid', nullable: true })
  recipientUserId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'recipient_user_id',
    foreignKeyConstraintName: 'fk_recognitions_recipient_user',
  })
  recipientUser?: UserEntity | null;

  @Column({ type: 'uuid', nullable: true })
  recipientTeamId!: string | null;

  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'recipient_team_id',
    foreignKeyConstraintName: 'fk_recognitions_recipient_team',
  })
  recipientTeam?: TeamEntity | null;

  /** Null: Arena itself (an automatic achievement). */
  @Column({ type: 'uuid', nullable: true })
  awardedBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'awarded_by', foreignKeyConstraintName: 'fk_recognitions_awarded_by' })
  awarder?: UserEntity | null;

  @Column({ type: 'uuid', nullable: true })
  contestId!: string | null;

  @ManyToOne(() => ContestEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'fk_recognitions_contest' })
  contest?: ContestEntity | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  achievementKind!: AchievementKind | null;

  /** Identifies an automatic award within its contest (`EarnedAchievement.key`). */
  @Column({ type: 'varchar', length: 300, nullable: true })
  achievementKey!: string | null;

  @Column({ type: 'int', nullable: true })
  placing!: number | null;

  @Column({ type: 'varchar', length: 1000 })
  message!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  prize!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  retractedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  retractedBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'retracted_by', foreignKeyConstraintName: 'fk_recognitions_retracted_by' })
  retracter?: UserEntity | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  retractionReason!: string | null;
}
