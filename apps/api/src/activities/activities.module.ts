import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityTypeEntity } from '../activity-types/entities/activity-type.entity';
import { provideOrgScoped } from '../common/org-scoped.repository';
import { ScoresModule } from '../scores/scores.module';
import { UserEntity } from '../users/entities/user.entity';
import { ActivitiesController } from './activities.controller';
import { ActivitiesService } from './activities.service';
import { ActivityEntity } from './entities/activity.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([ActivityEntity, ActivityTypeEntity, UserEntity]),
    ScoresModule,
  ],
  controllers: [ActivitiesController],
  providers: [
    ActivitiesService,
    provideOrgScoped(ActivityEntity, 'Activity'),
    provideOrgScoped(ActivityTypeEntity, 'Activity type'),
    provideOrgScoped(UserEntity, 'User'),
  ],
  exports: [ActivitiesService],
})
export class ActivitiesModule {}
