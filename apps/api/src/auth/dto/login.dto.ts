import type {
  AcceptInviteRequest,
  ChangePasswordRequest,
  LoginRequest,
  LoginResponse,
  MeResponse,
} from '@arena/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { IsPassword } from '../../common/validators';
import { OrgDto } from '../../orgs/dto/org.dto';
import { UserDto } from '../../users/dto/user.dto';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'ada@example.com' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString()
  @Length(1, 254)
  email!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 200)
  password!: string;
}

export class LoginResponseDto implements LoginResponse {
  @ApiProperty() accessToken!: string;
  @ApiProperty() user!: UserDto;
}

export class MeResponseDto implements MeResponse {
  @ApiProperty() user!: UserDto;
  @ApiProperty() org!: OrgDto;
}

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty()
  @IsString()
  @Length(1, 200)
  currentPassword!: string;

  @ApiProperty({
    minLength: 8,
    description: 'Hard to guess: not a common password or pattern, not made of your email or name',
  })
  @IsPassword()
  newPassword!: string;
}

export class AcceptInviteDto implements AcceptInviteRequest {
  @ApiProperty({ description: 'The token of the invitation link (`inviteToken`, after `#`)' })
  @IsString()
  @Length(1, 200)
  token!: string;

  @ApiProperty({
    minLength: 8,
    description: 'Your new password: hard to guess, not made of your email or name',
  })
  @IsString()
  @Length(8, 200, { message: '$property must be 8 to 200 characters' })
  password!: string;
}
