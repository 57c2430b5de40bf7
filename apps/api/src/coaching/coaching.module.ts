import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { provideOrgScoped } from '../common/org-scoped.repository';
import { ContestEntity } from '../contests/entities/contest.entity';
import { TeamEntity } from '../teams/entities/team.entity';
import { UserEntity } from '../users/entities/user.entity';
import { CoachingController } from './coaching.controller';
import { CoachingService } from './coaching.service';
import { AssessmentEntity } from './entities/assessment.entity';
import { BehaviourEntity } from './entities/behaviour.entity';
import { CoachingNoteEntity } from './entities/coaching-note.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      BehaviourEntity,
      AssessmentEntity,
      CoachingNoteEntity,
      UserEntity,
      ContestEntity,
      TeamEntity,
    ]),
  ],
  controllers: [CoachingController],
  providers: [
    CoachingService,
    provideOrgScoped(BehaviourEntity, 'Behaviour'),
    provideOrgScoped(AssessmentEntity, 'Assessment'),
    provideOrgScoped(CoachingNoteEntity, 'Coaching note'),
    provideOrgScoped(UserEntity, 'User'),
    provideOrgScoped(ContestEntity, 'Contest'),
    provideOrgScoped(TeamEntity, 'Team'),
  ],
})
export class CoachingModule {}
