import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ContestAccess } from '../contests/contest-access';
import { ContestDto } from '../contests/dto/contest.dto';
import { DisplaysService } from './displays.service';
import {
  CreateDisplayDto,
  CreatedDisplayDto,
  DisplayConfigDto,
  DisplayDto,
  UpdateDisplayDto,
} from './dto/display.dto';

@ApiTags('displays')
@ApiBearerAuth()
@Controller()
export class DisplaysController {
  constructor(
    private readonly displays: DisplaysService,
    private readonly access: ContestAccess,
  ) {}

  @Post('displays')
  @Roles('admin')
  @ApiOperation({ summary: 'Create a TV display; its token is shown once (as a URL and QR code)' })
  @ApiCreatedResponse({ type: CreatedDisplayDto, description: 'The display, with its token' })
  create(@Body() dto: CreateDisplayDto): Promise<CreatedDisplayDto> {
    return this.displays.create(dto);
  }

  @Get('displays')
  @Roles('admin')
  @ApiOperation({ summary: 'Every display, revoked ones too (never their tokens)' })
  @ApiOkResponse({ type: [DisplayDto], description: 'The displays' })
  list(): Promise<DisplayDto[]> {
    return this.displays.list();
  }

  @Get('displays/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'One display' })
  @ApiOkResponse({ type: DisplayDto, description: 'The display' })
  get(@Param('id') id: string): Promise<DisplayDto> {
    return this.displays.get(id);
  }

  @Patch('displays/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename, change the playlist or the rotation' })
  @ApiOkResponse({ type: DisplayDto, description: 'The updated display' })
  update(@Param('id') id: string, @Body() dto: UpdateDisplayDto): Promise<DisplayDto> {
    return this.displays.update(id, dto);
  }

  @Delete('displays/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Revoke: the TV shows "disconnected by an admin" within seconds' })
  @ApiOkResponse({ type: DisplayDto, description: 'The revoked display' })
  revoke(@Param('id') id: string): Promise<DisplayDto> {
    return this.displays.revoke(id);
  }

  @Get('display')
  @Roles('display')
  @ApiOperation({ summary: 'For a display token: its name, rotation and playlist with contests' })
  @ApiOkResponse({ type: DisplayConfigDto, description: 'What the TV shows' })
  config(): Promise<DisplayConfigDto> {
    return this.displays.config(async (contestId) => {
      try {
        const contest = await this.access.readable(contestId);
        return contest.entity.publishedAt ? ContestDto.from(contest) : null;
      } catch {
        return null; // a contest deleted or archived since: skipped
      }
    });
  }
}
