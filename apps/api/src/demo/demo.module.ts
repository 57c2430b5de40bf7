import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { provideOrgScoped } from '../common/org-scoped.repository';
import { ActivitiesModule } from '../activities/activities.module';
import { ContestsModule } from '../contests/contests.module';
import { OrgsModule } from '../orgs/orgs.module';
import { RecognitionModule } from '../recognition/recognition.module';
import { TeamEntity } from '../teams/entities/team.entity';
import { UserEntity } from '../users/entities/user.entity';
import { DemoService } from './demo.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity, TeamEntity]),
    OrgsModule,
    ContestsModule,
    ActivitiesModule,
    RecognitionModule,
  ],
  providers: [
    DemoService,
    provideOrgScoped(UserEntity, 'User'),
    provideOrgScoped(TeamEntity, 'Team'),
  ],
  exports: [DemoService],
})
export class DemoModule {}
