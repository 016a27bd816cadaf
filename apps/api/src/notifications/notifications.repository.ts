import { Inject, Injectable } from '@nestjs/common';
import {
  sql,
  type CommentStatus,
  type EmailDelivery,
  type NotificationChannel,
  type NotificationKind,
  type NotifiedDecision,
  type UserRole,
} from '@parley/db';
import { VISIBLE_STATUSES, type NotificationPreferences } from '@parley/shared';
import { newestFirst, type CursorKey } from '../common/cursor.js';
import { KYSELY } from '../database/database.module.js';
import type { Executor, ExecutorBound } from '../database/transaction-runner.js';

/** The preferences of an account that never changed them. */
export const DEFAULT_PREFERENCES: NotificationPreferences = {
  reply: 'email',
  staffReply: 'email',
  decision: 'email',
  delivery: 'immediate',
  digestHour: 8,
};

/** A recipient as the creation rules need them: status, preferences, whether email can reach them. */
export interface Recipient {
  id: string;
  status: 'active' | 'suspended' | 'banned';
  verifiedEmail: string | null;
  /** The language the reader chose (a LOCALES entry), null when they never chose one. */
  locale: string | null;
  preferences: NotificationPreferences;
}

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  commentId: string;
  actorId: string | null;
  decision: NotifiedDecision | '';
  byEmail: boolean;
}

/** A notification with what a reader, the bell and an email show. */
export interface NotificationRow {
  id: string;
  userId: string;
  kind: NotificationKind;
  decision: NotifiedDecision | '';
  commentId: string;
  commentBody: string;
  commentStatus: CommentStatus;
  /** The reason of the comment's latest rejection by a moderator (free text as logged; null for none). */
  rejectReason: string | null;
  storySlug: string;
  storyTitle: string;
  /** The story's page (a placeholder under PLACEHOLDER_STORY_ORIGIN when it has none): permalinks point there. */
  storyUrl: string;
  actorId: string | null;
  actorUsername: string | null;
  actorDisplayName: string | null;
  actorRole: UserRole | null;
  byEmail: boolean;
  emailedAt: Date | null;
  createdAt: Date;
  readAt: Date | null;
}

@Injectable()
export class NotificationsRepository implements ExecutorBound<NotificationsRepository> {
  constructor(@Inject(KYSELY) private readonly db: Executor) {}

  withExecutor(executor: Executor): NotificationsRepository {
    return new NotificationsRepository(executor);
  }

  async recipient(userId: string): Promise<Recipient | undefined> {
    const row = await this.db
      .selectFrom('users')
      .leftJoin('notificationSettings as s', 's.userId', 'users.id')
      .select([
        'users.id',
        'users.status',
        'users.email',
        'users.emailVerifiedAt',
        'users.locale',
        's.reply',
        's.staffReply',
        's.decision',
        's.delivery',
        's.digestHour',
      ])
      .where('users.id', '=', userId)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      status: row.status,
      verifiedEmail: row.email && row.emailVerifiedAt ? row.email : null,
      locale: row.locale,
      preferences: row.reply
        ? {
            reply: row.reply,
            staffReply: row.staffReply!,
            decision: row.decision!,
            delivery: row.delivery!,
            digestHour: row.digestHour!,
          }
        : DEFAULT_PREFERENCES,
    };
  }

  /** The author of a comment and their standing (for the reply rules). */
  authorOf(
    commentId: string,
  ): Promise<{ authorId: string; status: Recipient['status']; role: UserRole } | undefined> {
    return this.db
      .selectFrom('comments as c')
      .innerJoin('users as u', 'u.id', 'c.authorId')
      .select(['c.authorId', 'u.status', 'u.role'])
      .where('c.id', '=', commentId)
      .executeTakeFirst();
  }

  async preferences(userId: string): Promise<NotificationPreferences> {
    return (await this.recipient(userId))?.preferences ?? DEFAULT_PREFERENCES;
  }

  async savePreferences(userId: string, preferences: NotificationPreferences): Promise<void> {
    const values = { ...preferences, updatedAt: sql<Date>`now()` };
    await this.db
      .insertInto('notificationSettings')
      .values({ userId, ...values })
      .onConflict((oc) => oc.column('userId').doUpdateSet(values))
      .execute();
  }

  /** Email off for every kind (one-click unsubscribe): what was email becomes in-app. */
  async stopEmail(userId: string): Promise<void> {
    const current = await this.preferences(userId);
    const inApp = (channel: NotificationChannel): NotificationChannel =>
      channel === 'email' ? 'in_app' : channel;
    await this.savePreferences(userId, {
      ...current,
      reply: inApp(current.reply),
      staffReply: inApp(current.staffReply),
      decision: inApp(current.decision),
    });
    // Nothing already owed goes out either.
    await this.db
      .updateTable('notifications')
      .set({ byEmail: false })
      .where('userId', '=', userId)
      .where('emailedAt', 'is', null)
      .where('byEmail', '=', true)
      .execute();
  }

  /** Inserts unless a retried transaction already did; returns the id when this call created it. */
  async insert(notification: NewNotification): Promise<string | undefined> {
    const row = await this.db
      .insertInto('notifications')
      .values(notification)
      .onConflict((oc) => oc.columns(['userId', 'kind', 'commentId', 'decision']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id;
  }

  private rows() {
    return this.db
      .selectFrom('notifications as n')
      .innerJoin('comments as c', 'c.id', 'n.commentId')
      .innerJoin('stories as a', 'a.id', 'c.storyId')
      .leftJoin('users as actor', 'actor.id', 'n.actorId')
      .select([
        'n.id',
        'n.userId',
        'n.kind',
        'n.decision',
        'n.commentId',
        'c.body as commentBody',
        'c.status as commentStatus',
        (eb) =>
          eb
            .selectFrom('moderationActions as m')
            .select('m.reason')
            .whereRef('m.commentId', '=', 'n.commentId')
            .where('m.action', '=', 'reject')
            .orderBy('m.createdAt', 'desc')
            .limit(1)
            .as('rejectReason'),
        'a.slug as storySlug',
        'a.title as storyTitle',
        'a.url as storyUrl',
        'n.actorId',
        'actor.username as actorUsername',
        'actor.displayName as actorDisplayName',
        'actor.role as actorRole',
        'n.byEmail',
        'n.emailedAt',
        'n.createdAt',
        'n.readAt',
      ]);
  }

  findByIds(ids: string[]): Promise<NotificationRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.rows().where('n.id', 'in', ids).execute();
  }

  /**
   * A reader's notifications, newest first, by keyset. Entries whose comment readers can no longer
   * see (a reply deleted or rejected since), or whose actor was banned since, drop out.
   */
  page(userId: string, limit: number, after?: CursorKey): Promise<NotificationRow[]> {
    return this.rows()
      .where('n.userId', '=', userId)
      .where((eb) => eb.or([eb('n.kind', '=', 'decision'), eb('c.status', 'in', [...VISIBLE_STATUSES])]))
      .where((eb) => eb.or([eb('actor.status', 'is', null), eb('actor.status', '<>', 'banned')]))
      .$call(newestFirst(limit, after, 'n'))
      .execute();
  }

  async unreadCount(userId: string): Promise<number> {
    const row = await this.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('userId', '=', userId)
      .where('readAt', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async markRead(userId: string, ids: string[] | 'all'): Promise<number> {
    let query = this.db
      .updateTable('notifications')
      .set({ readAt: sql<Date>`now()` })
      .where('userId', '=', userId)
      .where('readAt', 'is', null);
    if (ids !== 'all') query = query.where('id', 'in', ids);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async markEmailed(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('notifications')
      .set({ emailedAt: sql<Date>`now()` })
      .where('id', 'in', ids)
      .execute();
  }

  /** What a digest for this user would hold: owed by email, not yet sent, oldest first. */
  owedByEmail(userId: string, limit = 50): Promise<NotificationRow[]> {
    return this.rows()
      .where('n.userId', '=', userId)
      .where('n.byEmail', '=', true)
      .where('n.emailedAt', 'is', null)
      .orderBy('n.createdAt', 'asc')
      .limit(limit)
      .execute();
  }

  /** Users with email owed on the given delivery schedule (daily: only those whose hour it is). */
  async digestRecipients(delivery: Exclude<EmailDelivery, 'immediate'>, hour: number): Promise<string[]> {
    let query = this.db
      .selectFrom('notifications as n')
      .innerJoin('notificationSettings as s', 's.userId', 'n.userId')
      .select('n.userId')
      .distinct()
      .where('n.byEmail', '=', true)
      .where('n.emailedAt', 'is', null)
      .where('s.delivery', '=', delivery);
    if (delivery === 'daily') query = query.where('s.digestHour', '=', hour);
    return (await query.execute()).map((row) => row.userId);
  }
}
