import { ActivityEntity } from '../activities/entities/activity.entity';
import { ActivityTypeEntity } from '../activity-types/entities/activity-type.entity';
import { ApiKeyEntity } from '../api-keys/entities/api-key.entity';
import { RevokedTokenEntity } from '../auth/entities/revoked-token.entity';
import { ConnectionImportEntity } from '../connections/entities/connection-import.entity';
import { ConnectionDeliveryEntity } from '../connections/entities/connection-delivery.entity';
import { ConnectionOwnerLinkEntity } from '../connections/entities/connection-owner-link.entity';
import { ConnectionRecordEntity } from '../connections/entities/connection-record.entity';
import { ConnectionEntity } from '../connections/entities/connection.entity';
import { ContestMultiplierEntity } from '../contests/entities/contest-multiplier.entity';
import { ContestParticipantEntity } from '../contests/entities/contest-participant.entity';
import { ContestRuleEntity } from '../contests/entities/contest-rule.entity';
import { ContestEntity } from '../contests/entities/contest.entity';
import { ContestLivePointEntity } from '../live/entities/contest-live-point.entity';
import { ContestLiveStateEntity } from '../live/entities/contest-live-state.entity';
import { BadgeEntity } from '../recognition/entities/badge.entity';
import { RecognitionEntity } from '../recognition/entities/recognition.entity';
import { AssessmentEntity } from '../coaching/entities/assessment.entity';
import { BehaviourEntity } from '../coaching/entities/behaviour.entity';
import { CoachingNoteEntity } from '../coaching/entities/coaching-note.entity';
import { DisplayEntity } from '../displays/entities/display.entity';
import { OrganizationEntity } from '../orgs/entities/organization.entity';
import { ContestActivityScoreEntity } from '../scores/entities/contest-activity-score.entity';
import { ContestScoreLineEntity } from '../scores/entities/contest-score-line.entity';
import { ContestBoardEntity } from '../scores/entities/contest-board.entity';
import { ContestScoreEntity } from '../scores/entities/contest-score.entity';
import { TeamEntity } from '../teams/entities/team.entity';
import { UserInvitationEntity } from '../users/entities/user-invitation.entity';
import { UserEntity } from '../users/entities/user.entity';

/** Every entity, for the app, the migration CLI and the drift check alike. */
export const ENTITIES = [
  OrganizationEntity,
  UserEntity,
  TeamEntity,
  ActivityTypeEntity,
  ApiKeyEntity,
  ActivityEntity,
  ContestEntity,
  ContestRuleEntity,
  ContestMultiplierEntity,
  ContestParticipantEntity,
  ContestScoreEntity,
  ContestBoardEntity,
  ContestScoreLineEntity,
  ContestActivityScoreEntity,
  ContestLiveStateEntity,
  ContestLivePointEntity,
  BadgeEntity,
  RecognitionEntity,
  BehaviourEntity,
  AssessmentEntity,
  CoachingNoteEntity,
  DisplayEntity,
  RevokedTokenEntity,
  UserInvitationEntity,
  ConnectionEntity,
  ConnectionDeliveryEntity,
  ConnectionRecordEntity,
  ConnectionOwnerLinkEntity,
  ConnectionImportEntity,
];
