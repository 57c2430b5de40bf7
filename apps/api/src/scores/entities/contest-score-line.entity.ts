import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ContestEntity } from '../../contests/entities/contest.entity';
import { UserEntity } from '../../users/entities/user.entity';

/**
 * A rep's exact breakdown line for one activity type in a contest (SPEC §3.6): the sums of that
 * rep's scored activities of the type, kept in the same transaction as them, so a leaderboard is
 * read without aggregating the contest's scored activities. Written only while the rep's
 * `contest_scores` row is locked.
 */
@Entity({ name: 'contest_score_lines' })
export class ContestScoreLineEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_contest_score_lines' })
  contestId!: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_contest_score_lines' })
  userId!: string;

  /** Activity-type key. */
  @PrimaryColumn({
    type: 'varchar',
    length: 40,
    primaryKeyConstraintName: 'pk_contest_score_lines',
  })
  activityType!: string;

  /**
   * The contest's organisation. In the database every foreign key of this row is
   * `(org_id, x_id)` (migration OrgChildKeys); the relations below join on `x_id`, which is unique.
   */
  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => ContestEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'fk_contest_score_lines_contest' })
  contest?: ContestEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_contest_score_lines_user' })
  user?: UserEntity;

  /** Raw units of the scored activities. */
  @Column({ type: 'numeric' })
  units!: string;

  @Column({ type: 'numeric' })
  countedUnits!: string;

  /** Exact, unrounded. */
  @Column({ type: 'numeric' })
  points!: string;
}
