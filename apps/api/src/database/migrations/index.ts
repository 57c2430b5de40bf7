import { Identity1795701671155 } from './1795701671155-identity';
import { ActivitiesAndContests1795702800000 } from './1795702800000-activities-and-contests';
import { LiveStates1795705600000 } from './1795705600000-live-states';
import { ScoreLines1795780000000 } from './1795780000000-score-lines';
import { Recognition1795790000000 } from './1795790000000-recognition';
import { Coaching1795800000000 } from './1795800000000-coaching';
import { Displays1795810000000 } from './1795810000000-displays';
import { Sessions1795820000000 } from './1795820000000-sessions';
import { OrgKeys1795830000000 } from './1795830000000-org-keys';
import { OrgChildKeys1795840000000 } from './1795840000000-org-child-keys';
import { ContestsVersion1795860000000 } from './1795860000000-contests-version';
import { ContestWriteLocks1796520000000 } from './1796520000000-contest-write-locks';
import { OrgLedIndexes1795950000000 } from './1795950000000-org-led-indexes';
import { ActivityScorePartitions1795980000000 } from './1795980000000-activity-score-partitions';
import { BoardCountNotices1796000000000 } from './1796000000000-board-count-notices';
import { CacheInvalidations1796100000000 } from './1796100000000-cache-invalidations';
import { ActivityScoreBuilds1796300000000 } from './1796300000000-activity-score-builds';
import { LiveWindows1795890000000 } from './1795890000000-live-windows';
import { ActivityScoreKeys1795870000000 } from './1795870000000-activity-score-keys';
import { UserInvitations1795880000000 } from './1795880000000-user-invitations';
import { Standings1795850000000 } from './1795850000000-standings';
import { JobQueue1796530000000 } from './1796530000000-job-queue';
import { Connections1796540000000 } from './1796540000000-connections';
import { ConnectionImports1796550000000 } from './1796550000000-connection-imports';
import { ConnectionRecordOwnerEmail1796560000000 } from './1796560000000-connection-record-owner-email';

/** Every migration, in order. Listed explicitly so the app, the CLI and the tests load the same set. */
export const MIGRATIONS = [
  Identity1795701671155,
  ActivitiesAndContests1795702800000,
  LiveStates1795705600000,
  ScoreLines1795780000000,
  Recognition1795790000000,
  Coaching1795800000000,
  Displays1795810000000,
  Sessions1795820000000,
  OrgKeys1795830000000,
  OrgChildKeys1795840000000,
  Standings1795850000000,
  ContestsVersion1795860000000,
  ActivityScoreKeys1795870000000,
  UserInvitations1795880000000,
  LiveWindows1795890000000,
  OrgLedIndexes1795950000000,
  ActivityScorePartitions1795980000000,
  BoardCountNotices1796000000000,
  CacheInvalidations1796100000000,
  ActivityScoreBuilds1796300000000,
  ContestWriteLocks1796520000000,
  JobQueue1796530000000,
  Connections1796540000000,
  ConnectionImports1796550000000,
  ConnectionRecordOwnerEmail1796560000000,
];
