import { Body, Controller, Delete, Get, Header, HttpCode, Param, Res } from '@nestjs/common';
import type { User } from '@parley/db';
import {
  deleteAccountRequestSchema,
  idParamsSchema,
  type DeleteAccountRequest,
  type MyDataExport,
} from '@parley/shared';
import type { Response } from 'express';
import { AdminOnly, CurrentUser, SignedIn } from '../auth/access.js';
import { SESSION_COOKIE } from '../auth/session-cookie.js';
import { ZodPipe } from '../common/zod.js';
import { AccountDeletionService } from './account-deletion.service.js';
import { MyDataService } from './my-data.service.js';

/** The signed-in reader's own data: a download of it, and deleting the account. */
@Controller('api/me')
@SignedIn()
export class MyDataController {
  constructor(
    private readonly myData: MyDataService,
    private readonly deletion: AccountDeletionService,
  ) {}

  @Get('export')
  @Header('Content-Disposition', 'attachment; filename="parley-my-data.json"')
  @Header('Cache-Control', 'no-store')
  export(@CurrentUser() user: User): Promise<MyDataExport> {
    return this.myData.export(user);
  }

  @Delete()
  @HttpCode(204)
  async remove(
    @CurrentUser() user: User,
    @Body(new ZodPipe(deleteAccountRequestSchema, 'confirmation')) body: DeleteAccountRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.deletion.deleteOwn(user, body);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }
}

/** An admin deletes someone else's account (logged in the audit log). */
@Controller('api/moderation/users')
@AdminOnly()
export class AccountAdminController {
  constructor(private readonly deletion: AccountDeletionService) {}

  @Delete(':id')
  @HttpCode(204)
  async remove(
    @Param(new ZodPipe(idParamsSchema, 'user address')) params: { id: string },
    @CurrentUser() admin: User,
  ): Promise<void> {
    await this.deletion.deleteByAdmin(params.id, admin);
  }
}
