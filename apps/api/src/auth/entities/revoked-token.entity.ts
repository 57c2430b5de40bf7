import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../../users/entities/user.entity';

/** One signed-out access token, refused until it would have expired anyway (then pruned). */
@Entity({ name: 'revoked_tokens' })
@Index('idx_revoked_tokens_expires', ['expiresAt'])
export class RevokedTokenEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_revoked_tokens' })
  jti!: string;

  /** The user's organisation: the key to the user is `(org_id, user_id)` (migration OrgChildKeys). */
  @Column({ type: 'uuid' })
  orgId!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_revoked_tokens_user' })
  user?: UserEntity;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}
