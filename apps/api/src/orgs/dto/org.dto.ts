import type { Org, SignupRequest, SignupResponse } from '@arena/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsTimeZone } from 'class-validator';
import { IsEmailAddress, IsName, IsPassword } from '../../common/validators';
import { UserDto } from '../../users/dto/user.dto';
import type { OrganizationEntity } from '../entities/organization.entity';

export class OrgDto implements Org {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Acme Sales' }) name!: string;
  @ApiProperty({ example: 'Europe/Amsterdam' }) timezone!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(entity: OrganizationEntity): OrgDto {
    return {
      id: entity.id,
      name: entity.name,
      timezone: entity.timezone,
      createdAt: entity.createdAt.toISOString(),
    };
  }
}

export class SignupDto implements SignupRequest {
  @ApiProperty({ example: 'Acme Sales' })
  @IsName(120)
  orgName!: string;

  @ApiPropertyOptional({
    example: 'Europe/Amsterdam',
    description: 'IANA time zone; without it: UTC',
  })
  @IsOptional()
  @IsTimeZone({ message: '$property must be an IANA time zone such as Europe/Amsterdam' })
  timezone?: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  @IsName(120)
  adminName!: string;

  @ApiProperty({ example: 'ada@example.com' })
  @IsEmailAddress()
  adminEmail!: string;

  @ApiProperty({
    minLength: 8,
    description: 'Hard to guess: not a common password or pattern, not made of your email or name',
  })
  @IsPassword(['adminEmail', 'adminName', 'orgName'])
  adminPassword!: string;
}

export class SignupResponseDto implements SignupResponse {
  @ApiProperty() org!: OrgDto;
  @ApiProperty() user!: UserDto;
  @ApiProperty() accessToken!: string;
}
