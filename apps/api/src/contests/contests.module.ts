import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityTypeEntity } from '../activity-types/entities/activity-type.entity';
import { provideOrgScoped } from '../common/org-scoped.repository';
import { OrganizationEntity } from '../orgs/entities/organization.entity';
import { ScoresModule } from '../scores/scores.module';
import { TeamEntity } from '../teams/entities/team.entity';
import { UserEntity } from '../users/entities/user.entity';
import { ContestAccess } from './contest-access';
import { ContestDefinitionValidator } from './contest-definition.validator';
import { ContestsController } from './contests.controller';
import { ContestsService } from './contests.service';
import { ContestEntity } from './entities/contest.entity';
import { LeaderboardService } from './leaderboard.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      ContestEntity,
      ActivityTypeEntity,
      UserEntity,
      TeamEntity,
      OrganizationEntity,
    ]),
    ScoresModule,
  ],
  controllers: [ContestsController],
  providers: [
    ContestsService,
    ContestAccess,
    ContestDefinitionValidator,
    LeaderboardService,
    provideOrgScoped(ContestEntity, 'Contest'),
    provideOrgScoped(ActivityTypeEntity, 'Activity type'),
    provideOrgScoped(UserEntity, 'User'),
    provideOrgScoped(TeamEntity, 'Team'),
  ],
  exports: [ContestsService, ContestAccess, LeaderboardService],
})
export class ContestsModule {}
