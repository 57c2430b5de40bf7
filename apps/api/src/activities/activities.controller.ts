import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiKeyScopeRequired, Roles } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-error.dto';
import { ApiUnavailable } from '../common/api-unavailable';
import { ActivitiesService } from './activities.service';
import {
  ActivityDto,
  ActivityPageDto,
  ListActivitiesQueryDto,
  RecordedActivityDto,
  RecordedBatchDto,
  VoidActivityDto,
} from './dto/activity.dto';
import { RecordActivitiesBatchDto, RecordActivityDto } from './dto/record-activity.dto';

@ApiTags('activities')
@ApiBearerAuth()
@Controller('activities')
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Post()
  @Roles('rep', 'manager', 'admin', 'api-key')
  @ApiKeyScopeRequired('activities:write')
  @ApiOperation({
    summary:
      'Log an activity; a repeated externalId answers 200 with the stored one and duplicate: true',
  })
  @ApiCreatedResponse({ type: RecordedActivityDto, description: 'Recorded and counted' })
  @ApiOkResponse({
    type: RecordedActivityDto,
    description: 'duplicate externalId: nothing stored or counted again',
  })
  @ApiUnavailable()
  async record(
    @Body() dto: RecordActivityDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RecordedActivityDto> {
    const result = await this.activities.record(dto);
    res.status(result.duplicate ? 200 : 201);
    return result;
  }

  @Post('batch')
  @Roles('manager', 'admin', 'api-key')
  @ApiKeyScopeRequired('activities:write')
  @ApiOperation({
    summary: 'Log up to 1,000 activities; any invalid item rejects all, naming each bad index',
  })
  @ApiCreatedResponse({
    type: RecordedBatchDto,
    description: 'Every item recorded (or found a duplicate)',
  })
  @ApiErrors({ invalid_input: 'an item is invalid: `errors` names each bad index; nothing stored' })
  @ApiBody({ type: RecordActivitiesBatchDto })
  @ApiUnavailable()
  // Validated in the service, so shape and catalogue errors of all items are reported together.
  batch(@Body() body: unknown): Promise<RecordedBatchDto> {
    return this.activities.recordBatch(body);
  }

  @Post(':id/void')
  @HttpCode(200)
  @Roles('rep', 'manager', 'admin')
  @ApiOperation({
    summary: 'Void an activity (kept for the audit trail, counts for nothing)',
    description:
      'Managers and admins void any activity of the organisation. A rep voids only an activity they logged themselves ' +
      '(recordedBy is the rep: not one a manager, an admin or an API key logged for them), and only on the same local ' +
      "day (the organisation's time zone) as it was logged (recordedAt), whenever it occurred; otherwise 403.",
  })
  @ApiOkResponse({ type: ActivityDto, description: 'The voided activity' })
  @ApiErrors(
    {
      forbidden:
        'a rep voiding an activity someone else logged for them, or after the local day it was logged',
    },
    'already_voided',
  )
  @ApiUnavailable()
  void(@Param('id') id: string, @Body() dto: VoidActivityDto): Promise<ActivityDto> {
    return this.activities.void(id, dto);
  }

  @Get()
  @Roles('rep', 'manager', 'admin', 'api-key')
  @ApiKeyScopeRequired('activities:read')
  @ApiOperation({ summary: 'The activity log, newest first; reps see their own' })
  @ApiOkResponse({ type: ActivityPageDto, description: 'One page of the log' })
  list(@Query() query: ListActivitiesQueryDto): Promise<ActivityPageDto> {
    return this.activities.list(query);
  }
}
