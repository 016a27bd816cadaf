import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimiterFactory } from '../common/rate-limiter.js';
import { UsersRepository } from '../users/users.repository.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { SessionGuard } from './session.guard.js';
import { SessionsRepository } from './sessions.repository.js';

@Global()
@Module({
  controllers: [AuthController],
  providers: [
    AuthService,
    SessionsRepository,
    UsersRepository,
    RateLimiterFactory,
    { provide: APP_GUARD, useClass: SessionGuard },
  ],
  exports: [AuthService, SessionsRepository, UsersRepository, RateLimiterFactory],
})
export class AuthModule {}
