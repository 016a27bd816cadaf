import { Body, Controller, Header, Param, Query, Res } from '@nestjs/common';
import type { User } from '@parley/db';
import {
  type DeleteAccountRequest,
  type MyCommentPage,
  type MyCommentsQuery,
  type MyDataExport,
} from '@parley/shared';
import type { Response } from 'express';
import { CurrentUser } from '../auth/access.js';
import { SESSION_COOKIE } from '../auth/session-cookie.js';
import { Route } from '../common/route.js';
import { AccountDeletionService } from './account-deletion.service.js';
import { MyCommentsService } from './my-comments.service.js';
import { MyDataService } from './my-data.service.js';

/** The signed-in reader's own data: their comments, a download of it all, and deleting the account. */
@Controller()
export class MyDataController {
  constructor(
    private readonly myData: MyDataService,
    private readonly deletion: AccountDeletionService,
    private readonly myComments: MyCommentsService,
  ) {}

  @Route('listMyComments')
  listComments(@Query() query: MyCommentsQuery, @CurrentUser() user: User): Promise<MyCommentPage> {
    return this.myComments.page(user.id, query);
  }

  @Route('exportMyData')
  @Header('Content-Disposition', 'attachment; filename="parley-my-data.json"')
  @Header('Cache-Control', 'no-store')
  export(@CurrentUser() user: User): Promise<MyDataExport> {
    return this.myData.export(user);
  }

  @Route('deleteMyAccount', { body: 'confirmation' })
  async remove(
    @CurrentUser() user: User,
    @Body() body: DeleteAccountRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.deletion.deleteOwn(user, body);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }
}

/** An admin deletes someone else's account (logged in the audit log). */
@Controller()
export class AccountAdminController {
  constructor(private readonly deletion: AccountDeletionService) {}

  @Route('deleteUserAccount', { params: 'user address' })
  async remove(@Param() params: { id: string }, @CurrentUser() admin: User): Promise<void> {
    await this.deletion.deleteByAdmin(params.id, admin);
  }
}
