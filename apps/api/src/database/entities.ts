import { ActivityTypeEntity } from '../activity-types/entities/activity-type.entity';
import { OrganizationEntity } from '../orgs/entities/organization.entity';
import { TeamEntity } from '../teams/entities/team.entity';
import { UserEntity } from '../users/entities/user.entity';

/** Every entity, for the app, the migration CLI and the drift check alike. */
export const ENTITIES = [OrganizationEntity, UserEntity, TeamEntity, ActivityTypeEntity];
