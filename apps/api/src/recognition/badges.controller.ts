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
import { BadgesService } from './badges.service';
import { BadgeDto, CreateBadgeDto, UpdateBadgeDto } from './dto/recognition.dto';

@ApiTags('recognition')
@ApiBearerAuth()
@Controller('badges')
export class BadgesController {
  constructor(private readonly badges: BadgesService) {}

  @Get()
  @Roles('admin', 'manager', 'rep')
  @ApiOperation({ summary: 'The badges of your organisation, retired ones too' })
  @ApiOkResponse({ type: [BadgeDto], description: 'The badges' })
  list(): Promise<BadgeDto[]> {
    return this.badges.list();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a badge managers can award' })
  @ApiCreatedResponse({ type: BadgeDto, description: 'The new badge' })
  @ApiErrors({ conflict: 'a badge with this key exists' })
  create(@Body() dto: CreateBadgeDto): Promise<BadgeDto> {
    return this.badges.create(dto);
  }

  /** Edit, retire (`retired: true`) or bring back a badge. */
  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Edit, retire (`retired: true`) or bring back a badge' })
  @ApiOkResponse({ type: BadgeDto, description: 'The updated badge' })
  @ApiErrors({ conflict: 'a badge with this key exists' })
  update(@Param('id') id: string, @Body() dto: UpdateBadgeDto): Promise<BadgeDto> {
    return this.badges.update(id, dto);
  }
}
