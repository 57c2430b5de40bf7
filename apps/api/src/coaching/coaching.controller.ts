import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { CoachingService } from './coaching.service';
import {
  ActivityInsightsQueryDto,
  AssessmentQueryDto,
  BehaviourDto,
  CoachingNotesQueryDto,
  ComparisonQueryDto,
  CreateBehaviourDto,
  CreateCoachingNoteDto,
  UpdateBehaviourDto,
  UpsertAssessmentDto,
  type ActivityInsightsDto,
  type AssessmentComparisonDto,
  type AssessmentDto,
  type CoachingNoteDto,
} from './dto/coaching.dto';

@ApiTags('coaching')
@ApiBearerAuth()
@Controller()
export class CoachingController {
  constructor(private readonly coaching: CoachingService) {}

  @Get('behaviours')
  @Roles('admin', 'manager', 'rep')
  listBehaviours(): Promise<BehaviourDto[]> {
    return this.coaching.listBehaviours();
  }

  @Post('behaviours')
  @Roles('admin', 'manager')
  createBehaviour(@Body() dto: CreateBehaviourDto): Promise<BehaviourDto> {
    return this.coaching.createBehaviour(dto);
  }

  @Patch('behaviours/:id')
  @Roles('admin', 'manager')
  updateBehaviour(@Param('id') id: string, @Body() dto: UpdateBehaviourDto): Promise<BehaviourDto> {
    return this.coaching.updateBehaviour(id, dto);
  }

  /** Creates or replaces the rep's assessment for that contest and phase. */
  @Post('assessments')
  @Roles('admin', 'manager')
  @ApiOkResponse({ description: 'the stored assessment' })
  upsertAssessment(@Body() dto: UpsertAssessmentDto): Promise<AssessmentDto> {
    return this.coaching.upsertAssessment(dto);
  }

  @Get('assessments')
  @Roles('admin', 'manager', 'rep')
  listAssessments(@Query() query: AssessmentQueryDto): Promise<AssessmentDto[]> {
    return this.coaching.listAssessments(query.userId, query.contestId);
  }

  @Get('assessments/comparison')
  @Roles('admin', 'manager', 'rep')
  compare(@Query() query: ComparisonQueryDto): Promise<AssessmentComparisonDto> {
    return this.coaching.compare(query.userId, query.contestId);
  }

  @Get('insights/activity')
  @Roles('admin', 'manager', 'rep')
  insights(@Query() query: ActivityInsightsQueryDto): Promise<ActivityInsightsDto> {
    return this.coaching.insights(query);
  }

  @Post('coaching-notes')
  @Roles('admin', 'manager')
  addNote(@Body() dto: CreateCoachingNoteDto): Promise<CoachingNoteDto> {
    return this.coaching.addNote(dto);
  }

  @Get('coaching-notes')
  @Roles('admin', 'manager', 'rep')
  listNotes(@Query() query: CoachingNotesQueryDto): Promise<CoachingNoteDto[]> {
    return this.coaching.listNotes(query.userId);
  }
}
