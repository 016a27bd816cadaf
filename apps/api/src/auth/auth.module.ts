import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountSettingsController } from './account-settings.controller.js';
import { AccountSettingsService } from './account-settings.service.js';
import { EmailVerificationRepository } from './email-verification.repository.js';
import { RateLimiterFactory } from '../common/rate-limiter.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { UsersRepository } from '../users/users.repository.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { SessionGuard } from './session.guard.js';
import { SessionsRepository } from './sessions.repository.js';
import { SsoTokensRepository } from './sso-tokens.repository.js';
import { SsoService } from './sso.service.js';
import { UserSessions } from './user-sessions.js';

@Global()
@Module({
  controllers: [AuthController, AccountSettingsController],
  providers: [
    AuthService,
    SsoService,
    SsoTokensRepository,
    SessionsRepository,
    UserSessions,
    UsersRepository,
    RateLimiterFactory,
    TransactionRunner,
    EmailVerificationRepository,
    AccountSettingsService,
    { provide: APP_GUARD, useClass: SessionGuard },
  ],
  exports: [
    AuthService,
    SsoService,
    AccountSettingsService,
    SessionsRepository,
    UserSessions,
    UsersRepository,
    RateLimiterFactory,
  ],
})
export class AuthModule {}
