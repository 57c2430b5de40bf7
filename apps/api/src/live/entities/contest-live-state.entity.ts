import type { ContestStatus, LeaderboardEntry } from '@arena/contracts';
import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ContestEntity } from '../../contests/entities/contest.entity';

/**
 * The number of a contest's last leaderboard update, with the top of the board it broadcast.
 * Updates of one contest are numbered by a compare-and-set on `seq`, so it grows by exactly one
 * per update across every API instance. The rest of the board is not kept here: each entry's
 * last broadcast points are in `contest_live_points`.
 */
@Entity({ name: 'contest_live_states' })
export class ContestLiveStateEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_contest_live_states' })
  contestId!: string;

  /**
   * The contest's organisation. In the database every foreign key of this row is
   * `(org_id, x_id)` (migration OrgChildKeys); the relations below join on `x_id`, which is unique.
   */
  @Column({ type: 'uuid' })
  orgId!: string;

  @OneToOne(() => ContestEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'fk_contest_live_states_contest' })
  contest?: ContestEntity;

  @Column({ type: 'bigint' })
  seq!: string;

  /** The first `LIVE_MAX_TOP` entries of the board as last broadcast. */
  @Column({ type: 'jsonb' })
  entries!: LeaderboardEntry[];

  /** The number of entries of the whole board as last broadcast. */
  @Column({ type: 'integer', default: 0 })
  total!: number;

  /** The status last announced as a `contest` event (started, ended), so each is announced once. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  announcedStatus!: ContestStatus | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
