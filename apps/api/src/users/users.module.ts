import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { provideOrgScoped } from '../common/org-scoped.repository';
import { TeamEntity } from '../teams/entities/team.entity';
import { UserEntity } from './entities/user.entity';
import { UsersController } from './users.controller';
import { UserImportService } from './user-import.service';
import { UsersService } from './users.service';

@Module({
  imports: [AuthModule, TypeOrmModule.forFeature([UserEntity, TeamEntity])],
  controllers: [UsersController],
  providers: [
    UsersService,
    UserImportService,
    provideOrgScoped(UserEntity, 'User'),
    provideOrgScoped(TeamEntity, 'Team'),
  ],
  exports: [UsersService],
})
export class UsersModule {}
