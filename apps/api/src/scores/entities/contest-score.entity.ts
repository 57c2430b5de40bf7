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
 * A rep's standing in a contest: their exact score, kept current in the same transaction that
 * stores each activity, and — kept by the database (migration Standings1795850000000) — their
 * name, whether they are on the board now and their displayed points, so the board is one ordered
 * index (`idx_contest_scores_board`: rank_points DESC, name, user_id where on_board). Every current
 * board member has a row (0 points until they score). The row is also the lock that serialises
 * concurrent scoring of one rep. Inserts supply only org_id, contest_id, user_id and points.
 */
@Entity({ name: 'contest_scores' })
// (contest_id, rank_points DESC, name, user_id) WHERE on_board: column directions are beyond
// TypeORM's index metadata, so the migration owns it.
@Index('idx_contest_scores_board', { synchronize: false })
@Index('idx_contest_scores_user', ['orgId', 'userId'])
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

  /**
   * The rep's name (a copy of users.name kept by triggers) in the collation `arena_names`: ICU
   * `en-u-kn-true-ks-level1`, the order of `compareNames` (SPEC §3 ties).
   */
  @Column({ type: 'varchar', length: 120, collation: 'arena_names' })
  name!: string;

  /** The rep competes and takes part in the contest now (`arena_on_board`), kept by triggers. */
  @Column({ type: 'boolean' })
  onBoard!: boolean;

  /** The points as displayed, which rank (SPEC §3). */
  @Column({
    type: 'numeric',
    generatedType: 'STORED',
    asExpression: 'round(points, 2)',
    insert: false,
    update: false,
  })
  rankPoints!: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
