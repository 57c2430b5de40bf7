import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-error.dto';
import { CreateTeamDto, TeamDto, UpdateTeamDto } from './dto/team.dto';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@ApiBearerAuth()
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a team' })
  @ApiCreatedResponse({ type: TeamDto, description: 'The new team' })
  @ApiErrors({ conflict: 'a team with this name exists' })
  create(@Body() dto: CreateTeamDto): Promise<TeamDto> {
    return this.teams.create(dto);
  }

  @Get()
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'The teams, with their member counts' })
  @ApiOkResponse({ type: [TeamDto], description: 'The teams' })
  list(): Promise<TeamDto[]> {
    return this.teams.list();
  }

  @Get(':id')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'One team' })
  @ApiOkResponse({ type: TeamDto, description: 'The team' })
  get(@Param('id') id: string): Promise<TeamDto> {
    return this.teams.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename a team' })
  @ApiOkResponse({ type: TeamDto, description: 'The updated team' })
  @ApiErrors({ conflict: 'a team with this name exists' })
  update(@Param('id') id: string, @Body() dto: UpdateTeamDto): Promise<TeamDto> {
    return this.teams.update(id, dto);
  }
}
