import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ContestEntity } from '../../contests/entities/contest.entity';

/**
 * One participant's points and goal as last broadcast live (individual contests). A flush reads
 * just the rows of the entries that changed, to tell which windows they crossed; a participant
 * without a row was last broadcast with 0 points.
 */
@Entity({ name: 'contest_live_points' })
export class ContestLivePointEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_contest_live_points' })
  contestId!: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_contest_live_points' })
  participantId!: string;

  /** In the database the foreign key is `(org_id, contest_id)`, as for every contest child. */
  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => ContestEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'fk_contest_live_points_contest' })
  contest?: ContestEntity;

  /** Rounded to 2 decimals, as displayed and ranked (SPEC §3). */
  @Column({ type: 'numeric' })
  points!: string;

  @Column({ type: 'boolean' })
  goalReached!: boolean;
}
