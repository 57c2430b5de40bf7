import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ContestEntity } from '../../contests/entities/contest.entity';
import { UserEntity } from '../../users/entities/user.entity';

/**
 * A rep's exact score in a contest, kept current in the same transaction that stores each
 * activity. The row is also the lock that serialises concurrent scoring of one rep.
 */
@Entity({ name: 'contest_scores' })
@Index('idx_contest_scores_contest_points', ['contestId', 'points'])
export class ContestScoreEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_contest_scores' })
  contestId!: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_contest_scores' })
  userId!: string;

  /**
   * The contest's organisation. In the database every foreign key of this row is
   * `(org_id, x_id)` (migration OrgChildKeys); the relations below join on `x_id`, which is unique.
   */
  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => ContestEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'fk_contest_scores_contest' })
  contest?: ContestEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_contest_scores_user' })
  user?: UserEntity;

  /** Exact, unrounded. */
  @Column({ type: 'numeric' })
  points!: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
