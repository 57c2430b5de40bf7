import {
  ROLES,
  USER_IMPORT_MAX_ROWS,
  type ImportedUser,
  type ImportUserRow,
  type ImportUsersRequest,
  type ImportUsersResponse,
  type Role,
} from '@arena/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { QueryBoolean } from '../../common/page-query.dto';
import { IsEmailAddress, IsName } from '../../common/validators';

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/**
 * One row, for the OpenAPI document. The import checks rows with the same rules by hand
 * (`import-rows.ts`: class-validator takes seconds for 10,000 rows), and the password's strength
 * in bulk off the event loop (`PasswordWork`), with the policy of `POST /api/users`.
 */
export class ImportUserRowDto implements ImportUserRow {
  @ApiProperty({ example: 'Grace Hopper' })
  @IsName(120)
  name!: string;

  @ApiProperty({ example: 'grace@example.com' })
  @IsEmailAddress()
  email!: string;

  @ApiPropertyOptional({ enum: ROLES, default: 'rep' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsUUID('all')
  teamId?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'A team of the organisation by name (instead of teamId)',
  })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @trim()
  @IsString()
  @Length(1, 80, { message: '$property must be 1 to 80 characters' })
  team?: string | null;

  @ApiPropertyOptional({ description: 'Default true for reps, false for managers and admins' })
  @IsOptional()
  @IsBoolean()
  competes?: boolean;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    minLength: 8,
    description:
      'The policy of POST /api/users (hard to guess, not made of the email or name); absent: the user is invited',
  })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsString()
  @Length(8, 200, { message: '$property must be 8 to 200 characters' })
  @Matches(/\S/, { message: '$property must not be blank' })
  password?: string | null;
}

export class ImportUsersDto implements ImportUsersRequest {
  @ApiProperty({ type: [ImportUserRowDto], maxItems: USER_IMPORT_MAX_ROWS })
  @IsArray()
  @ArrayMinSize(1, { message: '$property must hold at least one user' })
  @ArrayMaxSize(USER_IMPORT_MAX_ROWS, {
    message: `$property may hold at most ${USER_IMPORT_MAX_ROWS} items`,
  })
  @ValidateNested({ each: true })
  @Type(() => ImportUserRowDto)
  users!: ImportUserRowDto[];
}

export class ImportedUserDto implements ImportedUser {
  @ApiProperty({ format: 'uuid', description: 'Empty on a dry run' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) teamId!: string | null;
  @ApiProperty() competes!: boolean;
  @ApiPropertyOptional({
    example: '/accept-invite#inv_Zm9vYmFy…',
    description:
      'Invited users (no password): the one-time link to hand over, a path on this server; shown once, stored only as a hash',
  })
  inviteUrl?: string;
  @ApiPropertyOptional({ description: 'The token of inviteUrl, for POST /api/auth/accept-invite' })
  inviteToken?: string;
  @ApiPropertyOptional({ format: 'date-time' }) inviteExpiresAt?: string;
}

export class ImportUsersResponseDto implements ImportUsersResponse {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ description: 'Users created (dry run: that would be), invited ones included' })
  created!: number;
  @ApiProperty({ description: 'Of those, invited (no password)' }) invited!: number;
  @ApiProperty({ type: [ImportedUserDto], description: 'In row order' })
  users!: ImportedUserDto[];
}

export class ImportUsersQueryDto {
  @ApiPropertyOptional({ description: 'Validate and answer what would happen; store nothing' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  dryRun?: boolean;
}
