import {
  Check,
  Column,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { ContestEntity } from './contest.entity';

/** A "power hour" window. */
@Entity({ name: 'contest_multipliers' })
@Check('chk_contest_multipliers_window', `"ends_at" > "starts_at"`)
@Check('chk_contest_multipliers_factor_positive', `"factor" > 0`)
export class ContestMultiplierEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_contest_multipliers' })
  id!: string;

  @Column({ type: 'uuid' })
  contestId!: string;

  /**
   * The contest's organisation. In the database every foreign key of this row is
   * `(org_id, x_id)` (migration OrgChildKeys); the relations below join on `x_id`, which is unique.
   */
  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => ContestEntity, (contest) => contest.multipliers, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'fk_contest_multipliers_contest' })
  contest?: Relation<ContestEntity>;

  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'numeric', precision: 10, scale: 4 })
  factor!: string;

  /** Null: every activity type. */
  @Column({ type: 'text', array: true, nullable: true })
  activityTypes!: string[] | null;

  @Column({ type: 'smallint' })
  position!: number;
}
