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
import { TeamEntity } from '../../teams/entities/team.entity';
import { UserEntity } from '../../users/entities/user.entity';
import { ContestEntity } from './contest.entity';

/** A rep (individual mode) or a team (team mode) taking part. */
@Entity({ name: 'contest_participants' })
@Index('uq_contest_participants_user', ['contestId', 'userId'], {
  unique: true,
  where: '"user_id" IS NOT NULL',
})
@Index('uq_contest_participants_team', ['contestId', 'teamId'], {
  unique: true,
  where: '"team_id" IS NOT NULL',
})
@Index('idx_contest_participants_user', ['orgId', 'userId'])
@Index('idx_contest_participants_team', ['orgId', 'teamId'])
@Check('chk_contest_participants_one_kind', `("user_id" IS NULL) <> ("team_id" IS NULL)`)
export class ContestParticipantEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_contest_participants' })
  id!: string;

  @Column({ type: 'uuid' })
  contestId!: string;

  /**
   * The contest's organisation. In the database every foreign key of this row is
   * `(org_id, x_id)` (migration OrgChildKeys); the relations below join on `x_id`, which is unique.
   */
  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => ContestEntity, (contest) => contest.participants, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'fk_contest_participants_contest' })
  contest?: Relation<ContestEntity>;

  @Column({ type: 'uuid', nullable: true })
  userId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_contest_participants_user' })
  user?: UserEntity;

  @Column({ type: 'uuid', nullable: true })
  teamId!: string | null;

  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'fk_contest_participants_team' })
  team?: TeamEntity;
}
