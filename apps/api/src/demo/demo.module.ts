import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module';
import { ContestsModule } from '../contests/contests.module';
import { OrgsModule } from '../orgs/orgs.module';
import { RecognitionModule } from '../recognition/recognition.module';
import { DemoService } from './demo.service';

@Module({
  imports: [OrgsModule, ContestsModule, ActivitiesModule, RecognitionModule],
  providers: [DemoService],
  exports: [DemoService],
})
export class DemoModule {}
