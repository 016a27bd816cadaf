import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimiterFactory } from '../common/rate-limiter.js';
import { UsersRepository } from '../users/users.repository.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { SessionGuard } from './session.guard.js';
import { SessionsRepository } from './sessions.repository.js';
import { SsoTokensRepository } from './sso-tokens.repository.js';
import { SsoService } from './sso.service.js';

@Global()
@Module({
  controllers: [AuthController],
  providers: [
    AuthService,
    SsoService,
    SsoTokensRepository,
    SessionsRepository,
    UsersRepository,
    RateLimiterFactory,
    { provide: APP_GUARD, useClass: SessionGuard },
  ],
  exports: [AuthService, SsoService, SessionsRepository, UsersRepository, RateLimiterFactory],
})
export class AuthModule {}
