import type { HealthResponse, ReadinessResponse } from '@arena/contracts';
import { Controller, Get, Res, type OnModuleDestroy } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { LiveFanout } from '../live/live-fanout';
import { HealthResponseDto, ReadinessResponseDto } from './dto/health-response.dto';
import { DatabaseProbe } from './database-probe';

@ApiTags('health')
@Controller('health')
export class HealthController implements OnModuleDestroy {
  private stopping = false;

  constructor(
    private readonly database: DatabaseProbe,
    private readonly fanout: LiveFanout,
  ) {}

  /** The first hook of a shutdown: from here on a load balancer should send requests elsewhere. */
  onModuleDestroy(): void {
    this.stopping = true;
  }

  @Get()
  @Public()
  @ApiOperation({
    summary:
      'Each dependency: 200 while the database answers (degraded when Redis does not), 503 otherwise',
  })
  @ApiOkResponse({
    type: HealthResponseDto,
    description: '`ok`, or `degraded` when Redis does not answer',
  })
  @ApiServiceUnavailableResponse({
    type: HealthResponseDto,
    description: '`unavailable`: the database does not answer',
  })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    const database = await this.database.check();
    const redis = this.fanout.status();
    const checks: HealthResponse['checks'] = redis ? { database, redis } : { database };
    if (database !== 'ok') {
      res.status(503);
      return { status: 'unavailable', checks };
    }
    return { status: redis === 'unavailable' ? 'degraded' : 'ok', checks };
  }

  @Get('ready')
  @Public()
  @ApiOperation({
    summary:
      'For a load balancer: 200 while this instance can serve requests, 503 when its database does not answer or it is shutting down',
  })
  @ApiOkResponse({ type: ReadinessResponseDto, description: '`ready`' })
  @ApiServiceUnavailableResponse({
    type: ReadinessResponseDto,
    description: '`not-ready`, with the reason',
  })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessResponse> {
    const reason = this.stopping
      ? 'shutting down'
      : (await this.database.check()) !== 'ok'
        ? 'the database does not answer'
        : undefined;
    if (!reason) return { status: 'ready' };
    res.status(503);
    return { status: 'not-ready', reason };
  }
}
