import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivitiesModule } from '../activities/activities.module';
import { provideOrgScoped } from '../common/org-scoped.repository';
import { SecretBox } from '../common/secret-box';
import { ConnectionCredentials } from './connection-credentials';
import { ConnectionImportsService } from './connection-imports.service';
import { ConnectionImportEntity } from './entities/connection-import.entity';
import { ConnectionDeliveriesService } from './connection-deliveries.service';
import { ConnectionLocks } from './connection-locks';
import { ConnectionsController } from './connections.controller';
import { ConnectionsService } from './connections.service';
import { ConnectionDeliveryEntity } from './entities/connection-delivery.entity';
import { ConnectionEntity } from './entities/connection.entity';
import { RecordIntake } from './record-intake';
import { ConnectionSyncService } from './sync/connection-sync.service';
import { WebhooksController } from './webhooks.controller';

/** Data in (issue 15): connections, their webhooks, mapping and delivery log. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ConnectionEntity, ConnectionDeliveryEntity, ConnectionImportEntity]),
    ActivitiesModule,
  ],
  controllers: [ConnectionsController, WebhooksController],
  providers: [
    SecretBox,
    ConnectionCredentials,
    ConnectionLocks,
    RecordIntake,
    ConnectionsService,
    ConnectionDeliveriesService,
    ConnectionSyncService,
    ConnectionImportsService,
    provideOrgScoped(ConnectionImportEntity, 'Import'),
    provideOrgScoped(ConnectionEntity, 'Connection'),
    provideOrgScoped(ConnectionDeliveryEntity, 'Delivery'),
  ],
})
export class ConnectionsModule {}
