import type { LoginRequest, LoginResponse, MeResponse } from '@arena/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
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
