import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { ContestEntity } from '../../contests/entities/contest.entity';

/**
 * How many reps are on a contest's board (`contest_scores` rows with `on_board`), kept by the
 * database's statement triggers on `contest_scores` (migration Standings1795850000000): a page's
 * `total` is one primary-key read, not a count over a board of up to 100,000 rows. No code writes it.
 */
@Entity({ name: 'contest_boards' })
export class ContestBoardEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_contest_boards' })
  contestId!: string;

  /** The contest's organisation; the foreign key is `(org_id, contest_id)`. */
  @Column({ type: 'uuid' })
  orgId!: string;

  @OneToOne(() => ContestEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'fk_contest_boards_contest' })
  contest?: ContestEntity;

  @Column({ type: 'integer', default: 0 })
  entries!: number;
}
