import type { ContestStatus, LeaderboardEntry } from '@arena/contracts';
import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ContestEntity } from '../../contests/entities/contest.entity';

/**
 * The last leaderboard broadcast for a contest and its number. Updates of one contest are
 * numbered under this row's lock, so `seq` grows by exactly one per update across every API
 * instance, and each update is the difference from the entries stored here.
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

  @Column({ type: 'jsonb' })
  entries!: LeaderboardEntry[];

  /** The status last announced as a `contest` event (started, ended), so each is announced once. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  announcedStatus!: ContestStatus | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
