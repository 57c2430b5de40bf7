import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganizationEntity } from '../../orgs/entities/organization.entity';
import { UserEntity } from '../../users/entities/user.entity';
import { ConnectionEntity } from './connection.entity';

/** A CRM owner (by CRM user id or email) linked by an admin to a rep of the organisation. */
@Entity({ name: 'connection_owner_links' })
export class ConnectionOwnerLinkEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_connection_owner_links' })
  orgId!: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_connection_owner_links' })
  connectionId!: string;

  /** `id:<crm user id>` or `email:<address>`, as in connection_records.owner_key. */
  @PrimaryColumn({
    type: 'varchar',
    length: 330,
    primaryKeyConstraintName: 'pk_connection_owner_links',
  })
  ownerKey!: string;

  @ManyToOne(() => ConnectionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'connection_id',
    foreignKeyConstraintName: 'fk_connection_owner_links_connection',
  })
  connection?: ConnectionEntity;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_connection_owner_links_org' })
  org?: OrganizationEntity;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_connection_owner_links_user' })
  user?: UserEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
