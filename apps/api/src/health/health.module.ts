import { Module } from '@nestjs/common';
import { LiveFanoutModule } from '../live/live-fanout';
import { DatabaseProbe } from './database-probe';
import { HealthController } from './health.controller';

@Module({
  imports: [LiveFanoutModule],
  controllers: [HealthController],
  providers: [DatabaseProbe],
})
export class HealthModule {}
