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
  @ApiCreatedResponse({ type: ActivityTypeDto, description: 'The new activity type' })
  @ApiErrors({ conflict: 'an activity type with this key exists' })
  create(@Body() dto: CreateActivityTypeDto): Promise<ActivityTypeDto> {
    return this.types.create(dto);
  }

  @Get()
  @ApiOperation({ summary: "The organisation's catalogue (every role: reps log against it)" })
  @ApiOkResponse({ type: [ActivityTypeDto], description: 'Every activity type, retired ones too' })
  list(): Promise<ActivityTypeDto[]> {
    return this.types.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One activity type' })
  @ApiOkResponse({ type: ActivityTypeDto, description: 'The activity type' })
  get(@Param('id') id: string): Promise<ActivityTypeDto> {
    return this.types.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Relabel or retire; key, category and unit are fixed' })
  @ApiOkResponse({ type: ActivityTypeDto, description: 'The updated activity type' })
  update(@Param('id') id: string, @Body() dto: UpdateActivityTypeDto): Promise<ActivityTypeDto> {
    return this.types.update(id, dto);
  }
}
