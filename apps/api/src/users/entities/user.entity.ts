import type { Role } from '@arena/contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { OrganizationEntity } from '../../orgs/entities/organization.entity';
import { TeamEntity } from '../../teams/entities/team.entity';

@Entity({ name: 'users' })
@Index('uq_users_email', ['email'], { unique: true })
@Index('idx_users_org_role', ['orgId', 'role'])
@Index('idx_users_team', ['orgId', 'teamId'])
@Check('chk_users_role', `"role" IN ('admin', 'manager', 'rep')`)
@Check('chk_users_email_lower', `"email" = lower("email")`)
// What org-owned rows reference: their foreign keys are (org_id, x_id) (migration OrgKeys).
@Unique('uq_users_org_id', ['orgId', 'id'])
export class UserEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_users' })
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_users_org' })
  org?: OrganizationEntity;

  /** Stored lower-cased: sign-in is case-insensitive and unique across all organisations. */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @Column({ type: 'uuid', nullable: true })
  teamId!: string | null;

  @ManyToOne(() => TeamEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'fk_users_team' })
  team?: TeamEntity;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Scored in contests and eligible as a participant (reps by default; player-coaches opt in). */
  @Column({ type: 'boolean', default: true })
  competes!: boolean;

  /** Tokens carry it; bumping it (password, role or active change, sign out everywhere) ends them all. */
  @Column({ type: 'integer', default: 0 })
  tokenVersion!: number;

  /** None for an invited user who has not set one yet: then no password signs in. */
  @Column({ type: 'varchar', length: 255, nullable: true, select: false })
  passwordHash!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
