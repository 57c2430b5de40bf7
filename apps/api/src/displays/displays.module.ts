import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { provideOrgScoped } from '../common/org-scoped.repository';
import { ContestEntity } from '../contests/entities/contest.entity';
import { OrganizationEntity } from '../orgs/entities/organization.entity';
import { DisplaysService } from './displays.service';
import { DisplayEntity } from './entities/display.entity';

/** Displays without their controller: the auth guard and the live gateway need the service. */
@Module({
  imports: [TypeOrmModule.forFeature([DisplayEntity, ContestEntity, OrganizationEntity])],
  providers: [
    DisplaysService,
    provideOrgScoped(DisplayEntity, 'Display'),
    provideOrgScoped(ContestEntity, 'Contest'),
  ],
  exports: [DisplaysService],
})
export class DisplaysModule {}
