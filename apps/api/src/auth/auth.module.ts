import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountsController } from '../accounts/accounts.controller.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { EmailVerificationRepository } from '../accounts/email-verification.repository.js';
import { RateLimiterFactory } from '../common/rate-limiter.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { UsersRepository } from '../users/users.repository.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { SessionGuard } from './session.guard.js';
import { SessionsRepository } from './sessions.repository.js';
import { SsoTokensRepository } from './sso-tokens.repository.js';
import { SsoService } from './sso.service.js';

@Global()
@Module({
  controllers: [AuthController, AccountsController],
  providers: [
    AuthService,
    SsoService,
    SsoTokensRepository,
    SessionsRepository,
    UsersRepository,
    RateLimiterFactory,
    TransactionRunner,
    EmailVerificationRepository,
    AccountsService,
    { provide: APP_GUARD, useClass: SessionGuard },
  ],
  exports: [
    AuthService,
    SsoService,
    AccountsService,
    SessionsRepository,
    UsersRepository,
    RateLimiterFactory,
  ],
})
export class AuthModule {}
