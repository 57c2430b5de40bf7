import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ServeStaticModule } from '@nestjs/serve-static';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { ActivitiesModule } from './activities/activities.module';
import { ActivityTypesModule } from './activity-types/activity-types.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthModule } from './auth/auth.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { DatabaseAccessModule } from './common/database-access.module';
import { DomainEventsModule } from './common/domain-events';
import { InstanceCachesModule } from './common/instance-cache';
import { PgListenerModule } from './common/pg-listener';
import { AppConfig } from './config/app-config';
import { CoachingModule } from './coaching/coaching.module';
import { ConnectionsModule } from './connections/connections.module';
import { ConfigModule } from './config/config.module';
import { ContestsModule } from './contests/contests.module';
import { buildDataSourceOptions } from './database/data-source';
import { DemoModule } from './demo/demo.module';
import { DisplaysApiModule } from './displays/displays-api.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { LiveModule } from './live/live.module';
import { OrgsModule } from './orgs/orgs.module';
import { RecognitionModule } from './recognition/recognition.module';
import { ScoresModule } from './scores/scores.module';
import { TeamsModule } from './teams/teams.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  /** The whole application on an already-migrated database at `databaseUrl`. */
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    const hasWebApp = existsSync(join(config.webDist, 'index.html'));
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DomainEventsModule,
        PgListenerModule,
        InstanceCachesModule,
        LoggerModule.forRoot({
          // Every route, in path-to-regexp 8's syntax (nestjs-pino 4's default `*` draws a
          // deprecation warning from Nest 11 on every start).
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          // Written synchronously (as main.ts's start-up lines are), so the console reads in the
          // order things happened; at the default level only a handful of lines are written.
          pinoHttp: [
            {
              level: config.logLevel,
              autoLogging: { ignore: (req) => req.url?.startsWith('/api/health') ?? false },
              // One line per request buried the console: requests log at debug, failures of ours
              // (5xx) at error. LOG_LEVEL=debug shows them all.
              customLogLevel: (_req, res, error) =>
                error || res.statusCode >= 500 ? 'error' : 'debug',
              redact: ['req.headers.authorization', 'req.headers.cookie'],
            },
            pino.destination({ dest: 1, sync: true }),
          ],
        }),
        TypeOrmModule.forRoot(buildDataSourceOptions(databaseUrl, config.database)),
        DatabaseAccessModule,
        JobsModule,
        ...(hasWebApp
          ? [
              ServeStaticModule.forRoot({
                rootPath: config.webDist,
                exclude: ['/api', '/api/{*rest}', '/socket.io/{*rest}'],
                serveStaticOptions: {
                  // Hashed assets never change; index.html must always be fresh.
                  setHeaders: (res, path) =>
                    res.setHeader(
                      'Cache-Control',
                      path.includes('/assets/')
                        ? 'public, max-age=31536000, immutable'
                        : 'no-cache',
                    ),
                },
              }),
            ]
          : []),
        AuthModule,
        OrgsModule,
        UsersModule,
        TeamsModule,
        ActivityTypesModule,
        ApiKeysModule,
        ActivitiesModule,
        ContestsModule,
        ScoresModule,
        HealthModule,
        DemoModule,
        RecognitionModule,
        CoachingModule,
        DisplaysApiModule,
        LiveModule,
        ConnectionsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
    };
  }
}
