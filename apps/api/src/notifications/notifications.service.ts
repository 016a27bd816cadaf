import { Inject, Injectable } from '@nestjs/common';
import type { User } from '@parley/db';
import type {
  MarkNotificationsRead,
  NotificationPage,
  NotificationSettingsView,
  UpdateNotificationSettings,
} from '@parley/shared';
import { AppError } from '../common/app-error.js';
import { decodeCursor, NEWEST_FIRST_CURSOR, newestFirstKey, toPage } from '../common/cursor.js';
import { CONFIG, type Config } from '../config/config.js';
import { AfterCommitTasks } from '../database/after-commit.js';
import { MailSecretRepository } from '../mail/mail-secret.repository.js';
import { verifyUnsubscribeToken } from '../mail/unsubscribe-tokens.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { toNotification } from './notification.mapper.js';
import type { Recorded } from './notification-recorder.js';
import { NotificationsRepository } from './notifications.repository.js';

/** Reading, marking and configuring notifications, and their live delivery after commit. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly realtime: RealtimeService,
    private readonly afterCommit: AfterCommitTasks,
    private readonly secrets: MailSecretRepository,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async list(user: User, limit: number, cursor?: string): Promise<NotificationPage> {
    const after = decodeCursor(cursor, NEWEST_FIRST_CURSOR);
    const rows = await this.notifications.page(user.id, limit, after);
    const page = toPage(rows, limit, newestFirstKey);
    return {
      items: page.items.map((row) => toNotification(row)),
      nextCursor: page.nextCursor,
      unread: await this.notifications.unreadCount(user.id),
    };
  }

  async markRead(user: User, request: MarkNotificationsRead): Promise<{ unread: number }> {
    const changed = await this.notifications.markRead(user.id, 'all' in request ? 'all' : request.ids);
    const unread = await this.notifications.unreadCount(user.id);
    // Other tabs' bells follow.
    if (changed > 0) this.realtime.notificationCount(user.id, { unread });
    return { unread };
  }

  async settings(user: User): Promise<NotificationSettingsView> {
    const preferences = await this.notifications.preferences(user.id);
    return {
      ...preferences,
      emailAvailable: this.config.mail !== undefined,
      email: user.email,
      emailVerified: user.email !== null && user.emailVerifiedAt !== null,
    };
  }

  async updateSettings(user: User, changes: UpdateNotificationSettings): Promise<NotificationSettingsView> {
    const next = { ...(await this.notifications.preferences(user.id)), ...changes };
    const asksEmail = [changes.reply, changes.staffReply, changes.decision].includes('email');
    // Choosing email needs somewhere to send it; keeping a stored default does not.
    if (asksEmail && (!this.config.mail || !user.email || !user.emailVerifiedAt)) {
      throw new AppError('notification/email_unavailable');
    }
    await this.notifications.savePreferences(user.id, next);
    return this.settings(user);
  }

  /** One-click unsubscribe (RFC 8058): no session, the signed token says whose email stops. */
  async unsubscribe(token: string): Promise<void> {
    const userId = verifyUnsubscribeToken(await this.secrets.getOrCreate(), token);
    if (!userId) throw new AppError('notification/invalid_unsubscribe');
    await this.notifications.stopEmail(userId);
  }

  /** After commit: each recipient's sockets get the new entries and their unread count. */
  announce(recorded: Recorded[]): void {
    if (recorded.length === 0) return;
    this.afterCommit.track(this.deliverLive(recorded));
  }

  private async deliverLive(recorded: Recorded[]): Promise<void> {
    const rows = await this.notifications.findByIds(recorded.map((item) => item.id));
    for (const row of rows) this.realtime.notificationCreated(row.userId, toNotification(row));
    for (const userId of new Set(rows.map((row) => row.userId))) {
      this.realtime.notificationCount(userId, { unread: await this.notifications.unreadCount(userId) });
    }
  }
}
