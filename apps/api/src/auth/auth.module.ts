import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { DisplaysModule } from '../displays/displays.module';
import { AppConfig } from '../config/app-config';
import { OrganizationEntity } from '../orgs/entities/organization.entity';
import { UserEntity } from '../users/entities/user.entity';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { TokenService } from './token.service';

/** Sign-in attempts per account and address, and per address over all accounts. */
export const LOGIN_LIMITS = { perAccount: 10, perAddress: 100, windowMs: 60_000 };

@Module({
  imports: [
    ApiKeysModule,
    DisplaysModule,
    TypeOrmModule.forFeature([UserEntity, OrganizationEntity]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256' },
      }),
    }),
    ThrottlerModule.forRoot({
      throttlers: [
        {
          name: 'login-account',
          limit: LOGIN_LIMITS.perAccount,
          ttl: LOGIN_LIMITS.windowMs,
          getTracker: (req) =>
            `${req.ip}|${String(req.body?.email ?? '')
              .trim()
              .toLowerCase()}`,
        },
        { name: 'login-address', limit: LOGIN_LIMITS.perAddress, ttl: LOGIN_LIMITS.windowMs },
      ],
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, TokenService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenService],
})
export class AuthModule {}
