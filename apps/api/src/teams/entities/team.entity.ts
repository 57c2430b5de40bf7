import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { OrganizationEntity } from '../../orgs/entities/organization.entity';

@Entity({ name: 'teams' })
@Index('uq_teams_org_name', ['orgId', 'name'], { unique: true })
// What org-owned rows reference: their foreign keys are (org_id, x_id) (migration OrgKeys).
@Unique('uq_teams_org_id', ['orgId', 'id'])
export class TeamEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_teams' })
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_teams_org' })
  org?: OrganizationEntity;

  @Column({ type: 'varchar', length: 80 })
  name!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
