import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { provideOrgScoped } from '../common/org-scoped.repository';
import { UserEntity } from '../users/entities/user.entity';
import { TeamEntity } from './entities/team.entity';
import { TeamsController } from './teams.controller';
import { TeamsService } from './teams.service';

@Module({
  imports: [TypeOrmModule.forFeature([TeamEntity, UserEntity])],
  controllers: [TeamsController],
  providers: [
    TeamsService,
    provideOrgScoped(TeamEntity, 'Team'),
    provideOrgScoped(UserEntity, 'User'),
  ],
})
export class TeamsModule {}
