import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ActivityEntity } from '../../activities/entities/activity.entity';
import { ContestEntity } from '../../contests/entities/contest.entity';
import { UserEntity } from '../../users/entities/user.entity';

/**
 * How one activity counted in one contest: the explanation of every point, and the cap usage.
 * Two indexes only (a full re-score writes a row per activity): the primary key is
 * (org, activity, contest) (where an activity counted), the order index serves a rep's rows of a type in the fixed order
 * and their cap usage (migration ActivityScoreKeys).
 */
@Entity({ name: 'contest_activity_scores' })
@Index('idx_contest_activity_scores_order', [
  'contestId',
  'userId',
  'activityType',
  'occurredAt',
  'activityId',
])
export class ContestActivityScoreEntity {
  /**
   * The contest's organisation, leading the primary key (every index of organisation data is
   * led by org_id or contest_id). In the database every foreign key of this row is
   * `(org_id, x_id)` (migration OrgChildKeys); the relations below join on `x_id`, which is unique.
   */
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_contest_activity_scores' })
  orgId!: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_contest_activity_scores' })
  activityId!: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_contest_activity_scores' })
  contestId!: string;

  @ManyToOne(() => ContestEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'contest_id',
    foreignKeyConstraintName: 'fk_contest_activity_scores_contest',
  })
  contest?: ContestEntity;

  @ManyToOne(() => ActivityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'activity_id',
    foreignKeyConstraintName: 'fk_contest_activity_scores_activity',
  })
  activity?: ActivityEntity;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_contest_activity_scores_user' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: 40 })
  activityType!: string;

  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  /** Calendar day of `occurredAt` in the contest's time zone. */
  @Column({ type: 'date' })
  localDay!: string;

  @Column({ type: 'numeric', precision: 14, scale: 2 })
  quantity!: string;

  @Column({ type: 'numeric' })
  countedUnits!: string;

  @Column({ type: 'numeric' })
  multiplier!: string;

  @Column({ type: 'numeric' })
  points!: string;
}
