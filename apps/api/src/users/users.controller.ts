import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { INVITATION_TTL_DAYS, USER_IMPORT_MAX_ROWS } from '@arena/contracts';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-error.dto';
import { CreateUserDto } from './dto/create-user.dto';
import {
  ImportUsersDto,
  ImportUsersQueryDto,
  ImportUsersResponseDto,
} from './dto/import-users.dto';
import { IMPORT_BODY_LIMIT, ImportBody } from './import-body';
import { UserImportService, type ImportSource } from './user-import.service';
import { ListUsersQueryDto } from './dto/list-users.query';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserDto, UserPageDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly imports: UserImportService,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a manager, rep or admin in your organisation' })
  @ApiCreatedResponse({ type: UserDto, description: 'The new user' })
  @ApiErrors('email_unavailable')
  create(@Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(dto);
  }

  @Post('import')
  @Roles('admin')
  @ApiOperation({
    summary: `Create up to ${USER_IMPORT_MAX_ROWS.toLocaleString('en-US')} users at once (JSON or CSV), all or nothing; rows without a password are invited`,
    description:
      'Body: JSON `{users: [{name, email, role?, teamId? | team?, competes?, password?}]}`, or a CSV file ' +
      '(`Content-Type: text/csv`) whose header row names the columns `name,email,role,team,password` ' +
      '(any order; `competes` and `teamId` too; empty cells are absent). At most ' +
      `${IMPORT_BODY_LIMIT} (this route only). Every row is checked before anything is stored — ` +
      'email format, the same email twice in the file, an email taken by any account, the role, the team ' +
      '(by id or name, of this organisation), the password policy of `POST /api/users` — and any problem ' +
      'answers 400 `import_rejected` naming each row (`users.12.email`; CSV: `rows.12.email`, 0-based data ' +
      'rows, so line 14 of the file) with an `ImportProblemCode` per message; nothing is stored. Then every ' +
      'user is created in one transaction. Rows with a password are hashed like any other (scrypt), off ' +
      'the event loop, ~10–30 ms of CPU each: 10,000 take minutes; rows without one become invitations, ' +
      `each answered with a one-time \`inviteUrl\` (valid ${INVITATION_TTL_DAYS} days) for ` +
      '`POST /api/auth/accept-invite`; until then no password signs the user in. `?dryRun=true` checks ' +
      'everything and answers 200 with what would be created, storing nothing. Admins only (API keys cannot manage users).',
  })
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({ type: ImportUsersDto })
  @ApiCreatedResponse({ type: ImportUsersResponseDto, description: 'Every user created' })
  @ApiOkResponse({ type: ImportUsersResponseDto, description: 'Dry run: what would be created' })
  @ApiErrors({
    import_rejected:
      'rows are invalid: `errors` names each, with a code per message; nothing stored',
    invalid_input: 'not a list of users (no `users`, empty, over the row limit, a broken CSV file)',
  })
  async import(
    @ImportBody() source: ImportSource,
    @Query() query: ImportUsersQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportUsersResponseDto> {
    const result = await this.imports.import(source, query.dryRun === true);
    res.status(result.dryRun ? 200 : 201);
    return result;
  }

  @Get()
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'List users, filtered by role, team or active flag' })
  @ApiOkResponse({ type: UserPageDto, description: 'One page of users' })
  list(@Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    return this.users.list(query);
  }

  @Get(':id')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'One user' })
  @ApiOkResponse({ type: UserDto, description: 'The user' })
  get(@Param('id') id: string): Promise<UserDto> {
    return this.users.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Rename, change role or team, deactivate (users are never deleted), reset password',
  })
  @ApiOkResponse({ type: UserDto, description: 'The updated user' })
  @ApiErrors({ conflict: 'the last active admin cannot lose the role or be deactivated' })
  update(@Param('id') id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return this.users.update(id, dto);
  }
}
