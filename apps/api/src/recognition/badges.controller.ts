import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { BadgesService } from './badges.service';
import { BadgeDto, CreateBadgeDto, UpdateBadgeDto } from './dto/recognition.dto';

@ApiTags('recognition')
@ApiBearerAuth()
@Controller('badges')
export class BadgesController {
  constructor(private readonly badges: BadgesService) {}

  @Get()
  @Roles('admin', 'manager', 'rep')
  list(): Promise<BadgeDto[]> {
    return this.badges.list();
  }

  @Post()
  @Roles('admin')
  create(@Body() dto: CreateBadgeDto): Promise<BadgeDto> {
    return this.badges.create(dto);
  }

  /** Edit, retire (`retired: true`) or bring back a badge. */
  @Patch(':id')
  @Roles('admin')
  update(@Param('id') id: string, @Body() dto: UpdateBadgeDto): Promise<BadgeDto> {
    return this.badges.update(id, dto);
  }
}
