import { ROLES, type CreateUserRequest, type Role } from '@arena/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsEmailAddress, IsName, IsPassword } from '../../common/validators';

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty({ example: 'rep@example.com' })
  @IsEmailAddress()
  email!: string;

  @ApiProperty({ example: 'Grace Hopper' })
  @IsName(120)
  name!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiProperty({ minLength: 8, example: 'a long passphrase' })
  @IsPassword()
  password!: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID('all')
  teamId?: string | null;
}
