import { ROLES, type CreateUserRequest, type Role } from '@arena/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
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

  @ApiProperty({
    minLength: 8,
    example: 'a long passphrase',
    description: 'Hard to guess: not a common password or pattern, not made of the email or name',
  })
  @IsPassword(['email', 'name'])
  password!: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID('all')
  teamId?: string | null;

  @ApiPropertyOptional({
    description: 'Scored in contests and eligible as a participant; default true for reps only',
  })
  @IsOptional()
  @IsBoolean()
  competes?: boolean;
}
