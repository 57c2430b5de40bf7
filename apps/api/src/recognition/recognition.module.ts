import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { provideOrgScoped } from '../common/org-scoped.repository';
import { ContestsModule } from '../contests/contests.module';
import { ContestEntity } from '../contests/entities/contest.entity';
import { ScoresModule } from '../scores/scores.module';
import { TeamEntity } from '../teams/entities/team.entity';
import { UserEntity } from '../users/entities/user.entity';
import { AchievementKeeper } from './achievement-keeper';
import { BadgesController } from './badges.controller';
import { BadgesService } from './badges.service';
import { BadgeEntity } from './entities/badge.entity';
import { RecognitionEntity } from './entities/recognition.entity';
import { RecognitionsController } from './recognitions.controller';
import { RecognitionsService } from './recognitions.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      BadgeEntity,
      RecognitionEntity,
      UserEntity,
      TeamEntity,
      ContestEntity,
    ]),
    ContestsModule,
    ScoresModule,
  ],
  controllers: [BadgesController, RecognitionsController],
  providers: [
    BadgesService,
    RecognitionsService,
    AchievementKeeper,
    provideOrgScoped(BadgeEntity, 'Badge'),
    provideOrgScoped(RecognitionEntity, 'Recognition'),
    provideOrgScoped(UserEntity, 'User'),
    provideOrgScoped(TeamEntity, 'Team'),
    provideOrgScoped(ContestEntity, 'Contest'),
  ],
  exports: [RecognitionsService, BadgesService],
})
export class RecognitionModule {}
