import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { DisplaysModule } from '../displays/displays.module';
import { AppConfig } from '../config/app-config';
import { OrganizationEntity } from '../orgs/entities/organization.entity';
import { UserInvitationEntity } from '../users/entities/user-invitation.entity';
import { UserEntity } from '../users/entities/user.entity';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { Credentials } from './credentials';
import { PasswordWork } from './password-work';
import { RevokedTokenEntity } from './entities/revoked-token.entity';
import { SessionsService } from './sessions.service';
import { SharedThrottlerStorage, SharedThrottlerStorageModule } from './shared-throttler-storage';
import { LOGIN_LIMITS, SIGNUP_WINDOW_MS, THROTTLERS } from './throttlers';
import { TokenService } from './token.service';

export { LOGIN_LIMITS } from './throttlers';

@Module({
  imports: [
    ApiKeysModule,
    DisplaysModule,
    TypeOrmModule.forFeature([
      UserEntity,
      OrganizationEntity,
      RevokedTokenEntity,
      UserInvitationEntity,
    ]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256' },
      }),
    }),
    ThrottlerModule.forRootAsync({
      imports: [SharedThrottlerStorageModule],
      inject: [AppConfig, SharedThrottlerStorage],
      useFactory: (config: AppConfig, storage: SharedThrottlerStorage) => ({
        storage,
        throttlers: [
          {
            name: THROTTLERS.loginAccount,
            limit: LOGIN_LIMITS.perAccount,
            ttl: LOGIN_LIMITS.windowMs,
            getTracker: (req) =>
              `${req.ip}|${String(req.body?.email ?? '')
                .trim()
                .toLowerCase()}`,
          },
          {
            name: THROTTLERS.loginAddress,
            limit: LOGIN_LIMITS.perAddress,
            ttl: LOGIN_LIMITS.windowMs,
          },
          { name: THROTTLERS.signup, limit: config.signupRateLimit, ttl: SIGNUP_WINDOW_MS },
        ],
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokenService,
    SessionsService,
    Credentials,
    PasswordWork,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenService, SessionsService, Credentials, PasswordWork],
})
export class AuthModule {}
