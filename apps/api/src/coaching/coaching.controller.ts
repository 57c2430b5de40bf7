import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-error.dto';
import { CoachingService } from './coaching.service';
import {
  ActivityInsightsDto,
  ActivityInsightsQueryDto,
  AssessmentComparisonDto,
  AssessmentDto,
  AssessmentQueryDto,
  BehaviourDto,
  CoachingNoteDto,
  CoachingNotesQueryDto,
  ComparisonQueryDto,
  CreateBehaviourDto,
  CreateCoachingNoteDto,
  UpdateBehaviourDto,
  UpsertAssessmentDto,
} from './dto/coaching.dto';

@ApiTags('coaching')
@ApiBearerAuth()
@Controller()
export class CoachingController {
  constructor(private readonly coaching: CoachingService) {}

  @Get('behaviours')
  @Roles('admin', 'manager', 'rep')
  @ApiOperation({ summary: 'The behaviours reps are rated on, retired ones too' })
  @ApiOkResponse({ type: [BehaviourDto], description: 'Every behaviour' })
  listBehaviours(): Promise<BehaviourDto[]> {
    return this.coaching.listBehaviours();
  }

  @Post('behaviours')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Add a behaviour to rate reps on' })
  @ApiCreatedResponse({ type: BehaviourDto, description: 'The new behaviour' })
  @ApiErrors({ conflict: 'a behaviour with this name exists' })
  createBehaviour(@Body() dto: CreateBehaviourDto): Promise<BehaviourDto> {
    return this.coaching.createBehaviour(dto);
  }

  @Patch('behaviours/:id')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Rename, describe, retire or bring back a behaviour' })
  @ApiOkResponse({ type: BehaviourDto, description: 'The updated behaviour' })
  @ApiErrors({ conflict: 'a behaviour with this name exists' })
  updateBehaviour(@Param('id') id: string, @Body() dto: UpdateBehaviourDto): Promise<BehaviourDto> {
    return this.coaching.updateBehaviour(id, dto);
  }

  /** Creates or replaces the rep's assessment for that contest and phase. */
  @Post('assessments')
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: "Rate a rep at a contest's start or end (replaces that phase's rating)",
  })
  @ApiCreatedResponse({ type: AssessmentDto, description: 'The stored assessment' })
  upsertAssessment(@Body() dto: UpsertAssessmentDto): Promise<AssessmentDto> {
    return this.coaching.upsertAssessment(dto);
  }

  @Get('assessments')
  @Roles('admin', 'manager', 'rep')
  @ApiOperation({ summary: "A rep's assessments, newest first (reps: their own)" })
  @ApiOkResponse({ type: [AssessmentDto], description: 'The assessments' })
  listAssessments(@Query() query: AssessmentQueryDto): Promise<AssessmentDto[]> {
    return this.coaching.listAssessments(query.userId, query.contestId);
  }

  @Get('assessments/comparison')
  @Roles('admin', 'manager', 'rep')
  @ApiOperation({ summary: "Start and end ratings side by side with the rep's contest figures" })
  @ApiOkResponse({ type: AssessmentComparisonDto, description: 'The comparison' })
  @ApiErrors({ not_found: 'no such rep or contest in your organisation' })
  compare(@Query() query: ComparisonQueryDto): Promise<AssessmentComparisonDto> {
    return this.coaching.compare(query.userId, query.contestId);
  }

  @Get('insights/activity')
  @Roles('admin', 'manager', 'rep')
  @ApiOperation({ summary: "One rep's or team's activities and outcomes per local day" })
  @ApiOkResponse({ type: ActivityInsightsDto, description: 'The figures, every day included' })
  insights(@Query() query: ActivityInsightsQueryDto): Promise<ActivityInsightsDto> {
    return this.coaching.insights(query);
  }

  @Post('coaching-notes')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Write a coaching note for a rep' })
  @ApiCreatedResponse({ type: CoachingNoteDto, description: 'The stored note' })
  addNote(@Body() dto: CreateCoachingNoteDto): Promise<CoachingNoteDto> {
    return this.coaching.addNote(dto);
  }

  @Get('coaching-notes')
  @Roles('admin', 'manager', 'rep')
  @ApiOperation({ summary: "A rep's coaching notes, newest first (reps: their own)" })
  @ApiOkResponse({ type: [CoachingNoteDto], description: 'The notes' })
  listNotes(@Query() query: CoachingNotesQueryDto): Promise<CoachingNoteDto[]> {
    return this.coaching.listNotes(query.userId);
  }
}
