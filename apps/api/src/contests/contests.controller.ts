import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiUnavailable } from '../common/api-unavailable';
import { ApiErrors } from '../common/api-error.dto';
import { ContestsService } from './contests.service';
import {
  ContestDefinitionDto,
  PreviewContestDto,
  UpdateContestDto,
} from './dto/contest-definition.dto';
import { ContestDto } from './dto/contest.dto';
import {
  LeaderboardDto,
  LeaderboardQueryDto,
  ParticipantScoreDto,
  PreviewLeaderboardDto,
} from './dto/leaderboard.dto';
import { LeaderboardService } from './leaderboard.service';

@ApiTags('contests')
@ApiBearerAuth()
@Controller('contests')
export class ContestsController {
  constructor(
    private readonly contests: ContestsService,
    private readonly leaderboards: LeaderboardService,
  ) {}

  @Post()
  @ApiUnavailable()
  @Roles('manager', 'admin')
  @ApiOperation({ summary: 'Design a contest (created as a draft)' })
  @ApiCreatedResponse({ type: ContestDto, description: 'The new draft' })
  @ApiErrors({
    invalid_input:
      'a field is invalid, or the definition breaks a contest rule (`errors[].codes` say which)',
  })
  create(@Body() dto: ContestDefinitionDto): Promise<ContestDto> {
    return this.contests.create(dto);
  }

  @Post('preview')
  @HttpCode(200)
  @Roles('manager', 'admin')
  @ApiOperation({
    summary: 'The leaderboard a design would have produced over a past period; stores nothing',
  })
  @ApiOkResponse({ type: PreviewLeaderboardDto, description: 'The would-be leaderboard' })
  preview(@Body() dto: PreviewContestDto): Promise<PreviewLeaderboardDto> {
    return this.leaderboards.preview(dto);
  }

  @Get()
  @Roles('admin', 'manager', 'rep', 'display')
  @ApiOperation({
    summary: 'Contests you can see: all for managers and admins, your published ones for reps',
  })
  @ApiOkResponse({ type: [ContestDto], description: 'The contests' })
  list(): Promise<ContestDto[]> {
    return this.contests.list();
  }

  @Get(':id')
  @Roles('admin', 'manager', 'rep', 'display')
  @ApiOperation({ summary: 'One contest (reps: one they take part in, once published)' })
  @ApiOkResponse({ type: ContestDto, description: 'The contest' })
  get(@Param('id') id: string): Promise<ContestDto> {
    return this.contests.get(id);
  }

  @Patch(':id')
  @ApiUnavailable()
  @Roles('manager', 'admin')
  @ApiOperation({
    summary: 'Edit a contest; a published one is re-scored from the log at once',
    description:
      'A published contest must stay publishable: an edit that leaves it without rules or participants answers 400 naming rules / participantIds. ' +
      'Once a published contest has ended (while it settles, and after), its window, time zone, mode, participants, rules, multipliers, goal, prizes and achievements are fixed: changing any answers 409 `contest_ended`; its name and description stay editable.',
  })
  @ApiOkResponse({ type: ContestDto, description: 'The edited contest' })
  @ApiErrors({
    contest_ended: 'the contest has ended: only its name and description may change',
    conflict: 'the contest is archived',
  })
  update(@Param('id') id: string, @Body() dto: UpdateContestDto): Promise<ContestDto> {
    return this.contests.update(id, dto);
  }

  @Post(':id/publish')
  @ApiUnavailable()
  @HttpCode(200)
  @Roles('manager', 'admin')
  @ApiOperation({
    summary: 'Publish a draft: scheduled, then live and ended by the clock',
    description: 'Needs at least one rule and one participant (400 naming rules / participantIds).',
  })
  @ApiOkResponse({ type: ContestDto, description: 'The published contest' })
  @ApiErrors(
    { invalid_input: 'the contest lacks rules or participants (`errors` names which)' },
    { conflict: 'the contest is published or archived already' },
  )
  publish(@Param('id') id: string): Promise<ContestDto> {
    return this.contests.publish(id);
  }

  @Post(':id/archive')
  @ApiUnavailable()
  @HttpCode(200)
  @Roles('manager', 'admin')
  @ApiOperation({ summary: 'Archive a contest: its final scores are kept, it leaves live views' })
  @ApiOkResponse({ type: ContestDto, description: 'The archived contest' })
  @ApiErrors({ conflict: 'the contest is archived already' })
  archive(@Param('id') id: string): Promise<ContestDto> {
    return this.contests.archive(id);
  }

  @Get(':id/leaderboard')
  @Roles('admin', 'manager', 'rep', 'display')
  @ApiOperation({ summary: 'The ranked leaderboard with per-type breakdowns' })
  @ApiOkResponse({ type: LeaderboardDto, description: 'One page of the leaderboard' })
  leaderboard(
    @Param('id') id: string,
    @Query() query: LeaderboardQueryDto,
  ): Promise<LeaderboardDto> {
    return this.leaderboards.leaderboard(id, query);
  }

  @Get(':id/scores/:participantId')
  @ApiOperation({
    summary: 'A participant’s score with the explanation of every point (reps: their own)',
  })
  @ApiOkResponse({ type: ParticipantScoreDto, description: 'The score and its explanation' })
  @ApiErrors({ forbidden: 'a rep asking for the explanation of someone else’s score' })
  score(
    @Param('id') id: string,
    @Param('participantId') participantId: string,
  ): Promise<ParticipantScoreDto> {
    return this.leaderboards.participantScore(id, participantId);
  }
}
