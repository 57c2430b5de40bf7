import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'organizations' })
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_organizations' })
  id!: string;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  /** IANA zone, validated on the way in; contests default to it. */
  @Column({ type: 'varchar', length: 64 })
  timezone!: string;

  /**
   * Bumped by every change to a contest definition (scores/contest-catalog.ts): instances cache
   * the definitions and compare versions. A bigint, so TypeORM hands it over as a string.
   */
  @Column({ type: 'bigint', default: 0 })
  contestsVersion!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
