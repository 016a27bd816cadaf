import { Body, Controller, Param, Query, Req, Res } from '@nestjs/common';
import type { User } from '@parley/db';
import type {
  AccountSessionPage,
  ChangePasswordRequest,
  EndedSessions,
  SessionListQuery,
} from '@parley/shared';
import type { Response } from 'express';
import { Route } from '../common/route.js';
import { CurrentUser, type AuthedRequest } from './access.js';
import { AccountSessionsService } from './account-sessions.service.js';
import { SESSION_COOKIE } from './session-cookie.js';

/** The account page's password and sessions. Every route is for signed-in users, so the token is live. */
@Controller()
export class AccountSessionsController {
  constructor(private readonly accountSessions: AccountSessionsService) {}

  @Route('changePassword')
  async changePassword(
    @Body() body: ChangePasswordRequest,
    @CurrentUser() user: User,
    @Req() request: AuthedRequest,
  ): Promise<EndedSessions> {
    const endedSessions = await this.accountSessions.changePassword(user, request.sessionToken!, body);
    return { endedSessions };
  }

  @Route('listSessions')
  list(
    @Query() query: SessionListQuery,
    @CurrentUser() user: User,
    @Req() request: AuthedRequest,
  ): Promise<AccountSessionPage> {
    return this.accountSessions.list(user, request.sessionToken!, query);
  }

  @Route('endSession')
  async endOne(
    @Param() params: { id: string },
    @CurrentUser() user: User,
    @Req() request: AuthedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    const { wasCurrent } = await this.accountSessions.endOne(user, request.sessionToken!, params.id);
    if (wasCurrent && request.sessionFrom !== 'bearer') response.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Route('endOtherSessions')
  async endOthers(@CurrentUser() user: User, @Req() request: AuthedRequest): Promise<EndedSessions> {
    return { endedSessions: await this.accountSessions.endOthers(user, request.sessionToken!) };
  }
}
