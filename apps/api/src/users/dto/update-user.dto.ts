import { ROLES, type Role, type UpdateUserRequest } from '@arena/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { IsName, IsPassword } from '../../common/validators';

export class UpdateUserDto implements UpdateUserRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsName(120)
  name?: string;

  @ApiPropertyOptional({
    enum: ROLES,
    description:
      "A change ends every session of the user and resets competes to the role's default (reps true) unless competes is sent too",
  })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'null removes the user from their team',
  })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsUUID('all')
  teamId?: string | null;

  @ApiPropertyOptional({ description: 'false deactivates the user (users are never deleted)' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    minLength: 8,
    description:
      'Sets a new password (hard to guess, not made of the email or name); every session of the user ends',
  })
  @IsOptional()
  @IsPassword()
  password?: string;

  @ApiPropertyOptional({
    description:
      'Scored in contests and eligible as a participant (player-coaches); false takes them off boards',
  })
  @IsOptional()
  @IsBoolean()
  competes?: boolean;
}
