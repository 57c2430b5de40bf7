import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { CreateTeamDto, TeamDto, UpdateTeamDto } from './dto/team.dto';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@ApiBearerAuth()
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Post()
  @Roles('admin')
  create(@Body() dto: CreateTeamDto): Promise<TeamDto> {
    return this.teams.create(dto);
  }

  @Get()
  @Roles('admin', 'manager')
  list(): Promise<TeamDto[]> {
    return this.teams.list();
  }

  @Get(':id')
  @Roles('admin', 'manager')
  get(@Param('id') id: string): Promise<TeamDto> {
    return this.teams.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  update(@Param('id') id: string, @Body() dto: UpdateTeamDto): Promise<TeamDto> {
    return this.teams.update(id, dto);
  }
}
