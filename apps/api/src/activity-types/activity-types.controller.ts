import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ActivityTypesService } from './activity-types.service';
import {
  ActivityTypeDto,
  CreateActivityTypeDto,
  UpdateActivityTypeDto,
} from './dto/activity-type.dto';

@ApiTags('activity-types')
@ApiBearerAuth()
@Controller('activity-types')
export class ActivityTypesController {
  constructor(private readonly types: ActivityTypesService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add an activity type to the catalogue' })
  create(@Body() dto: CreateActivityTypeDto): Promise<ActivityTypeDto> {
    return this.types.create(dto);
  }

  @Get()
  @ApiOperation({ summary: "The organisation's catalogue (every role: reps log against it)" })
  list(): Promise<ActivityTypeDto[]> {
    return this.types.list();
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<ActivityTypeDto> {
    return this.types.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Relabel or retire; key, category and unit are fixed' })
  update(@Param('id') id: string, @Body() dto: UpdateActivityTypeDto): Promise<ActivityTypeDto> {
    return this.types.update(id, dto);
  }
}
