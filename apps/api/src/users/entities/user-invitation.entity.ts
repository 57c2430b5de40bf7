import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { UserEntity } from './user.entity';

/**
 * The one open invitation of a user created without a password (bulk import): the SHA-256 of
 * its one-time token — a random 256-bit secret, so a fast hash is enough — and when it expires.
 * Accepting it sets the password and deletes the row.
 */
@Entity({ name: 'user_invitations' })
@Index('uq_user_invitations_token', ['tokenHash'], { unique: true })
@Index('idx_user_invitations_org', ['orgId'])
export class UserInvitationEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_user_invitations' })
  userId!: string;

  /** The user's organisation: the key to the user is `(org_id, user_id)`. */
  @Column({ type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_user_invitations_user' })
  user?: UserEntity;

  @Column({ type: 'bytea' })
  tokenHash!: Buffer;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
