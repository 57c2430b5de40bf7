import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { OrganizationEntity } from '../../orgs/entities/organization.entity';
import { UserEntity } from '../../users/entities/user.entity';

/** A manager's coaching note on a rep: visible to that rep and to managers and admins only. */
@Entity({ name: 'coaching_notes' })
@Index('idx_coaching_notes_org_user_created', ['orgId', 'userId', 'createdAt'])
export class CoachingNoteEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_coaching_notes' })
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_coaching_notes_org' })
  org?: OrganizationEntity;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_coaching_notes_user' })
  user?: UserEntity;

  @Column({ type: 'uuid', nullable: true })
  authorId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'fk_coaching_notes_author' })
  author?: UserEntity | null;

  @Column({ type: 'varchar', length: 4000 })
  body!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
