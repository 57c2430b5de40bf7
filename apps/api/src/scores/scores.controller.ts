import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { RequestContext } from '../common/request-context';
import { VerifyScoresReportDto } from '../contests/dto/leaderboard.dto';
import { ScoreVerifier } from './score-verifier';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class ScoresController {
  constructor(private readonly verifier: ScoreVerifier) {}

  @Post('verify-scores')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Recompute every kept contest of your organisation from the log and report differences (always none)',
  })
  @ApiOkResponse({
    type: VerifyScoresReportDto,
    description: 'What was checked, and every difference',
  })
  verify(): Promise<VerifyScoresReportDto> {
    return this.verifier.verify(RequestContext.orgId());
  }
}
