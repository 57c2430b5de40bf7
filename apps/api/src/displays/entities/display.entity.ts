import type { DisplayPlaylistItem } from '@arena/contracts';
import {
  Check,
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

/** A TV wall: what it shows, and the hash of its token (the token itself is shown once). */
@Entity({ name: 'displays' })
@Index('uq_displays_token_hash', ['tokenHash'], { unique: true })
@Index('idx_displays_org', ['orgId'])
@Check('chk_displays_rotation', `"rotation_seconds" BETWEEN 5 AND 3600`)
export class DisplayEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_displays' })
  id!: string;

  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_displays_org' })
  org?: OrganizationEntity;

  @Column({ type: 'varchar', length: 80 })
  name!: string;

  @Column({ type: 'jsonb' })
  playlist!: DisplayPlaylistItem[];

  @Column({ type: 'int', default: 20 })
  rotationSeconds!: number;

  @Column({ type: 'varchar', length: 16 })
  tokenPrefix!: string;

  /** sha256 of the token, hex. */
  @Column({ type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_displays_created_by' })
  creator?: UserEntity | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastSeenAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
