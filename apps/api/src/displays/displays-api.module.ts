import { Module } from '@nestjs/common';
import { ContestsModule } from '../contests/contests.module';
import { DisplaysController } from './displays.controller';
import { DisplaysModule } from './displays.module';

/** The displays' HTTP API (admin management, and a display's own configuration). */
@Module({
  imports: [DisplaysModule, ContestsModule],
  controllers: [DisplaysController],
})
export class DisplaysApiModule {}
