import { ROLES, type Role, type User } from '@arena/contracts';
import { ApiProperty } from '@nestjs/swagger';
import type { UserEntity } from '../entities/user.entity';

export class UserDto implements User {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) orgId!: string;
  @ApiProperty({ example: 'ada@example.com' }) email!: string;
  @ApiProperty({ example: 'Ada Lovelace' }) name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) teamId!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({
    description: 'Scored in contests and eligible as a participant (player-coaches opt in)',
  })
  competes!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(entity: UserEntity): UserDto {
    return {
      id: entity.id,
      orgId: entity.orgId,
      email: entity.email,
      name: entity.name,
      role: entity.role,
      teamId: entity.teamId,
      active: entity.active,
      competes: entity.competes,
      createdAt: entity.createdAt.toISOString(),
    };
  }
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
