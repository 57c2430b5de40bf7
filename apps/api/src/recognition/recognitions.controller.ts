import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-error.dto';
import {
  CreateRecognitionDto,
  RecognitionDto,
  RecognitionPageDto,
  RecognitionQueryDto,
  RetractRecognitionDto,
  TrophyCaseDto,
} from './dto/recognition.dto';
import { RecognitionsService } from './recognitions.service';

@ApiTags('recognition')
@ApiBearerAuth()
@Controller()
export class RecognitionsController {
  constructor(private readonly recognitions: RecognitionsService) {}

  @Post('recognitions')
  @Roles('admin', 'manager', 'rep')
  @ApiOperation({
    summary: 'Award a badge (managers, admins) or send kudos (anyone, no badge, 20 an hour)',
  })
  @ApiCreatedResponse({ type: RecognitionDto, description: 'The recognition, now in the feed' })
  @ApiErrors({
    forbidden: 'a rep awarding a badge',
    rate_limited: 'more than 20 kudos in an hour',
  })
  create(@Body() dto: CreateRecognitionDto): Promise<RecognitionDto> {
    return this.recognitions.create(dto);
  }

  @Get('recognitions')
  @Roles('admin', 'manager', 'rep', 'display')
  @ApiOperation({ summary: 'The recognition feed, newest first' })
  @ApiOkResponse({ type: RecognitionPageDto, description: 'One page of the feed' })
  list(@Query() query: RecognitionQueryDto): Promise<RecognitionPageDto> {
    return this.recognitions.list(query);
  }

  @Post('recognitions/:id/retract')
  @HttpCode(200)
  @Roles('admin', 'manager', 'rep')
  @ApiOperation({ summary: 'Retract (whoever awarded it, or an admin); kept in the audit trail' })
  @ApiOkResponse({ type: RecognitionDto, description: 'The retracted recognition' })
  @ApiErrors({
    forbidden: 'neither its awarder nor an admin',
    conflict: 'retracted already',
  })
  retract(@Param('id') id: string, @Body() dto: RetractRecognitionDto): Promise<RecognitionDto> {
    return this.recognitions.retract(id, dto);
  }

  @Get('users/:id/trophy-case')
  @Roles('admin', 'manager', 'rep')
  @ApiOperation({ summary: "A rep's badges, kudos and latest recognitions" })
  @ApiOkResponse({ type: TrophyCaseDto, description: 'The trophy case' })
  trophyCase(@Param('id') id: string): Promise<TrophyCaseDto> {
    return this.recognitions.trophyCase(id);
  }
}
