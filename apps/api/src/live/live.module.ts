import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { ContestsModule } from '../contests/contests.module';
import { DisplaysModule } from '../displays/displays.module';
import { ScoresModule } from '../scores/scores.module';
import { UserEntity } from '../users/entities/user.entity';
import { ActivityFeed } from './activity-feed';
import { ContestClock } from './contest-clock';
import { LeaderboardStream } from './leaderboard-stream';
import { LiveAccessAuditor } from './live-access-auditor';
import { LiveAuthenticator } from './live-authenticator';
import { LiveBroadcaster } from './live-broadcaster';
import { LiveBudgets } from './live-budgets';
import { LiveContests } from './live-contests';
import { LiveFanoutModule } from './live-fanout';
import { LiveGateway } from './live.gateway';
import { LiveWindows } from './live-windows';
import { RecognitionRelay } from './recognition-relay';

@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity]),
    AuthModule,
    ContestsModule,
    ScoresModule,
    DisplaysModule,
    LiveFanoutModule,
  ],
  providers: [
    LiveGateway,
    LiveAccessAuditor,
    LiveAuthenticator,
    LiveBroadcaster,
    LiveBudgets,
    LeaderboardStream,
    LiveContests,
    LiveWindows,
    ActivityFeed,
    ContestClock,
    RecognitionRelay,
  ],
})
export class LiveModule {}
