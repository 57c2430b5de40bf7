import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { ContestEntity } from './contest.entity';

@Entity({ name: 'contest_rules' })
@Index('uq_contest_rules_contest_type', ['contestId', 'activityType'], { unique: true })
@Check('chk_contest_rules_points_positive', `"points_per_unit" > 0`)
@Check(
  'chk_contest_rules_caps',
  `("daily_cap" IS NULL OR "daily_cap" >= 0) AND ("total_cap" IS NULL OR "total_cap" >= 0)`,
)
export class ContestRuleEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_contest_rules' })
  id!: string;

  @Column({ type: 'uuid' })
  contestId!: string;

  /**
   * The contest's organisation. In the database every foreign key of this row is
   * `(org_id, x_id)` (migration OrgChildKeys); the relations below join on `x_id`, which is unique.
   */
  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => ContestEntity, (contest) => contest.rules, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'fk_contest_rules_contest' })
  contest?: Relation<ContestEntity>;

  /** Activity-type key (keys never change once created). */
  @Column({ type: 'varchar', length: 40 })
  activityType!: string;

  @Column({ type: 'numeric', precision: 14, scale: 4 })
  pointsPerUnit!: string;

  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true })
  dailyCap!: string | null;

  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true })
  totalCap!: string | null;

  @Column({ type: 'smallint' })
  position!: number;
}
