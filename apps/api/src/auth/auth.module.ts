import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MailModule } from '../mail/mail.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccountSessionsController } from './account-sessions.controller.js';
import { AccountSessionsService } from './account-sessions.service.js';
import { AccountSettingsController } from './account-settings.controller.js';
import { AccountSettingsService } from './account-settings.service.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { EmailVerificationRepository } from './email-verification.repository.js';
import { SessionGuard } from './session.guard.js';
import { SessionsRepository } from './sessions.repository.js';
import { SocketSessions } from './socket-sessions.js';
import { SsoTokensRepository } from './sso-tokens.repository.js';
import { SsoService } from './sso.service.js';
import { UserSessions } from './user-sessions.js';

/** Sign-in, sessions (HTTP and sockets), SSO and account settings; its guard applies to every route. */
@Module({
  imports: [UsersModule, MailModule, RealtimeModule],
  controllers: [AuthController, AccountSettingsController, AccountSessionsController],
  providers: [
    AuthService,
    SsoService,
    SsoTokensRepository,
    SessionsRepository,
    UserSessions,
    EmailVerificationRepository,
    AccountSettingsService,
    AccountSessionsService,
    SocketSessions,
    { provide: APP_GUARD, useClass: SessionGuard },
  ],
  exports: [SsoService, SessionsRepository, UserSessions],
})
export class AuthModule {}
