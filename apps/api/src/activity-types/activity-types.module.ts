import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { provideOrgScoped } from '../common/org-scoped.repository';
import { ActivityTypesController } from './activity-types.controller';
import { ActivityTypesService } from './activity-types.service';
import { ActivityTypeEntity } from './entities/activity-type.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ActivityTypeEntity])],
  controllers: [ActivityTypesController],
  providers: [ActivityTypesService, provideOrgScoped(ActivityTypeEntity, 'Activity type')],
  exports: [ActivityTypesService],
})
export class ActivityTypesModule {}
