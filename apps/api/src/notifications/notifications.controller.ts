import { Body, Controller, Query, Req, Res } from '@nestjs/common';
import type { User } from '@parley/db';
import {
  type MarkNotificationsRead,
  type NotificationCount,
  type NotificationListQuery,
  type NotificationPage,
  type NotificationSettingsView,
  type UpdateNotificationSettings,
} from '@parley/shared';
import type { Request, Response } from 'express';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { CurrentUser } from '../auth/access.js';
import { AppError } from '../common/app-error.js';
import { addressKey } from '../common/client-address.js';
import { RateLimiterFactory, charge } from '../common/rate-limiter.js';
import { Route } from '../common/route.js';
import { escapeHtml } from '../mail/mail-templates.js';
import { NotificationsService } from './notifications.service.js';
import { answerPage } from '../mail/result-page.js';

/** Writes per user per minute (mark read, settings); unsubscribes per address per hour. */
const WRITES_PER_MINUTE = 60;
const UNSUBSCRIBES_PER_HOUR = 30;

@Controller()
export class NotificationsController {
  private readonly writesByUser: RateLimiterAbstract;
  private readonly unsubscribesByAddress: RateLimiterAbstract;

  constructor(
    private readonly notifications: NotificationsService,
    limiters: RateLimiterFactory,
  ) {
    this.writesByUser = limiters.create('notification-writes', WRITES_PER_MINUTE, 60);
    this.unsubscribesByAddress = limiters.create('unsubscribes', UNSUBSCRIBES_PER_HOUR, 3600);
  }

  @Route('listNotifications')
  list(@Query() query: NotificationListQuery, @CurrentUser() user: User): Promise<NotificationPage> {
    return this.notifications.list(user, query.limit, query.cursor);
  }

  @Route('markNotificationsRead')
  async markRead(@Body() body: MarkNotificationsRead, @CurrentUser() user: User): Promise<NotificationCount> {
    await this.limit(this.writesByUser, user.id);
    return this.notifications.markRead(user, body);
  }

  @Route('getNotificationSettings')
  settings(@CurrentUser() user: User): Promise<NotificationSettingsView> {
    return this.notifications.settings(user);
  }

  @Route('updateNotificationSettings')
  async updateSettings(
    @Body() body: UpdateNotificationSettings,
    @CurrentUser() user: User,
  ): Promise<NotificationSettingsView> {
    await this.limit(this.writesByUser, user.id);
    return this.notifications.updateSettings(user, body);
  }

  /** The link in an email's body: a confirmation page whose button makes the one-click POST. */
  @Route('unsubscribePage')
  unsubscribePage(
    @Query() query: { token: string },
    @Req() request: Request,
    @Res() response: Response,
  ): void {
    // A GET changes nothing: link scanners in mail systems open every link.
    const form = `<form method="post" action="/api/unsubscribe?token=${escapeHtml(encodeURIComponent(query.token))}">
<input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Stop notification emails</button></form>`;
    answerPage(
      request,
      response,
      200,
      {
        title: 'Unsubscribe',
        message: 'Stop all notification emails to this address? You keep notifications on the site.',
        extra: form,
      },
      { confirm: 'POST /api/unsubscribe?token=…' },
    );
  }

  /**
   * RFC 8058 one-click: mail clients POST `List-Unsubscribe=One-Click` to the URL of the header
   * (token in the query, as in the header); the body is ignored; no session needed. Answers a page for people, 200 for clients.
   */
  @Route('unsubscribe')
  async unsubscribe(
    @Query() { token }: { token: string },
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.limit(this.unsubscribesByAddress, addressKey(request.ip ?? 'unknown'));
    await this.notifications.unsubscribe(token);
    answerPage(
      request,
      response,
      200,
      {
        title: 'Unsubscribed',
        message:
          'You will get no more notification emails. You can turn them back on in your account settings.',
      },
      { unsubscribed: true },
    );
  }

  private async limit(limiter: RateLimiterAbstract, key: string): Promise<void> {
    const allowance = await charge(limiter, key);
    if (!allowance.allowed) {
      throw new AppError('notification/rate_limited', { retryAfterSeconds: allowance.retryAfterSeconds });
    }
  }
}
