import { Injectable } from '@nestjs/common';
import type { CommentStatus, PremodMode, User } from '@parley/db';
import type {
  ArticleSettingsRequest,
  DecisionResponse,
  ModeratedUser,
  ModerationLogPage,
  RejectReason,
  WordLists,
} from '@parley/shared';
import { ArticlesRepository } from '../articles/articles.repository.js';
import { ArticlesService, toArticle } from '../articles/articles.service.js';
import { SessionsRepository } from '../auth/sessions.repository.js';
import { toComment } from '../comments/comment.mapper.js';
import { COMMENT_CHANGED } from '../comments/comment-events.js';
import { CommentReadingRepository } from '../comments/comment-reading.repository.js';
import { AppError } from '../common/app-error.js';
import { decodeCursor, toPage } from '../common/cursor.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { DomainEvents } from '../events/domain-events.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { NotificationWriter, type Recorded } from '../notifications/notification-recorder.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { ThreadCache } from '../comments/thread-cache.js';
import { WebhookEventsRepository } from '../webhooks/webhook-events.repository.js';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import { queuesOf } from './queues.js';
import { ModerationRepository } from './moderation.repository.js';

type Decision = 'approve' | 'reject' | 'feature' | 'unfeature';

/** What each decision does to a comment in a given state; null when it cannot apply. */
function nextState(
  decision: Decision,
  current: { status: CommentStatus; featured: boolean },
): { status: CommentStatus; featured: boolean } | null {
  if (current.status === 'deleted') return null;
  switch (decision) {
    case 'approve':
      return { status: 'approved', featured: current.featured };
    case 'reject':
      return { status: 'rejected', featured: false };
    case 'feature':
      // Featuring is an approval too (as in Coral): a featured comment is visible and reviewed.
      return current.status === 'rejected' ? null : { status: 'approved', featured: true };
    case 'unfeature':
      return current.status === 'rejected' ? null : { status: current.status, featured: false };
  }
}

/** Decided means a moderator already settled it: approved or rejected by someone, with no open reports since. */
function isDecided(current: {
  status: CommentStatus;
  reportCount: number;
  decidedBy: string | null;
}): boolean {
  return (
    (current.status === 'approved' || current.status === 'rejected') &&
    current.reportCount === 0 &&
    current.decidedBy !== null
  );
}

@Injectable()
export class ModerationService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly moderation: ModerationRepository,
    private readonly comments: CommentReadingRepository,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly articles: ArticlesService,
    private readonly articlesRepository: ArticlesRepository,
    private readonly settings: SettingsService,
    private readonly log: ModerationLogRepository,
    private readonly realtime: RealtimeService,
    private readonly events: DomainEvents,
    private readonly threads: ThreadCache,
    private readonly webhookEvents: WebhookEventsRepository,
    private readonly notificationWriter: NotificationWriter,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Approve, reject, feature or unfeature, atomically: the comment's row is locked for the
   * decision, so of two moderators racing one wins and the other is told who decided. Repeating
   * one's own decision is a no-op that answers the same. The author's row is locked before the
   * comment's, the order posting takes them in: a decision changes the author's counters (a
   * trigger), and in the other order it and the author's reply to this comment would each wait for
   * the other's lock (a deadlock Postgres ends with a 500).
   */
  async decide(
    decision: Decision,
    commentId: string,
    moderator: User,
    options: { reason?: RejectReason; override?: boolean } = {},
  ): Promise<DecisionResponse> {
    const outcome = await this.transactions.run(
      {
        moderation: this.moderation,
        users: this.users,
        log: this.log,
        webhookEvents: this.webhookEvents,
        notify: this.notificationWriter,
      },
      async ({ moderation, users, log, webhookEvents, notify }) => {
        const authorId = await moderation.authorOf(commentId);
        if (!authorId) throw new AppError('comment/not_found');
        await users.lockById(authorId);
        const current = await moderation.lockComment(commentId);
        if (!current) throw new AppError('comment/not_found');
        const next = nextState(decision, current);
        if (!next) throw new AppError('comment/not_editable', { status: current.status });
        const unchanged = next.status === current.status && next.featured === current.featured;
        const approveOrReject = decision === 'approve' || decision === 'reject';
        // Another moderator's decision stands unless overridden on purpose; one's own repeat is a no-op.
        if (
          approveOrReject &&
          isDecided(current) &&
          current.decidedBy !== moderator.id &&
          !options.override
        ) {
          throw new AppError(
            'moderation/already_decided',
            { decidedBy: current.decidedByName, status: current.status },
            `${current.decidedByName ?? 'Another moderator'} already ${current.status} this comment.`,
          );
        }
        if (unchanged && current.reportCount === 0)
          return { current, changed: false, notified: [] as Recorded[] };
        if (approveOrReject || next.status !== current.status) {
          await moderation.decide(commentId, next.status, moderator.id, next.featured);
        } else {
          await moderation.setFeatured(commentId, next.featured);
        }
        if (approveOrReject || decision === 'feature') await moderation.resolveReports(commentId);
        await log.record({
          actorId: moderator.id,
          action: decision,
          commentId,
          userId: current.authorId,
          articleId: current.articleId,
          reason: options.reason ?? null,
          details: { from: current.status, to: next.status },
        });
        await webhookEvents.record('comment.decided', {
          comment: { id: commentId, articleId: current.articleId, authorId: current.authorId },
          decision,
          from: current.status,
          to: next.status,
          featured: next.featured,
          reason: options.reason ?? null,
          moderator: { id: moderator.id, username: moderator.username },
        });
        // Approval makes a held reply visible: its parent's author hears of it now, and the author
        // of the decision, in this same transaction.
        const notified = await notify.record({
          before: current,
          after: {
            id: commentId,
            status: next.status,
            featured: next.featured,
            parentId: current.parentId,
            authorId: current.authorId,
          },
          moderatorId: moderator.id,
        });
        return { current, changed: true, notified };
      },
    );

    const record = (await this.comments.findById(commentId))!;
    if (outcome.changed) {
      await this.threads.changed([record.articleId]);
      this.events.raise(COMMENT_CHANGED, { cause: 'decided', before: outcome.current, after: record });
    }
    this.notifications.announce(outcome.notified);
    return { comment: toComment(record), queues: queuesOf(record) };
  }

  /** Suspends, under the user's row lock: a ban committed meanwhile is seen, never cut short. */
  async suspend(userId: string, hours: number, moderator: User): Promise<ModeratedUser> {
    await this.actOn(userId, moderator);
    const user = await this.transactions.run({ users: this.users, log: this.log }, async ({ users, log }) => {
      const target = await users.lockById(userId);
      if (!target) throw new AppError('moderation/user_not_found');
      // A suspension would end a ban early: unban first if that is what is meant.
      if (target.status === 'banned') throw new AppError('moderation/user_banned');
      const until = new Date(Date.now() + hours * 3600_000);
      const updated = await users.update(userId, { status: 'suspended', suspendedUntil: until });
      await log.record({
        actorId: moderator.id,
        action: 'suspend',
        userId,
        details: { hours, until: until.toISOString() },
      });
      return updated!;
    });
    // No staff powers while suspended: a suspended moderator's open sockets leave the queues now.
    if (user.role !== 'reader') this.realtime.leaveModeration(userId);
    return this.toModeratedUser(user);
  }

  /** Bans: ends the user's sessions and live connections at once, and can reject what they wrote. */
  async ban(
    userId: string,
    reason: string,
    rejectExisting: boolean,
    moderator: User,
  ): Promise<ModeratedUser> {
    await this.actOn(userId, moderator);
    const taken = await this.transactions.run(
      { users: this.users, moderation: this.moderation, log: this.log, webhookEvents: this.webhookEvents },
      async ({ users, moderation, log, webhookEvents }) => {
        // First the user's row: a suspension waits for the ban, and the author's row before their comments' rows.
        const target = await users.lockById(userId);
        if (!target) throw new AppError('moderation/user_not_found');
        await users.update(userId, { status: 'banned', suspendedUntil: null, banReason: reason });
        const comments = rejectExisting ? await moderation.undecidedOrVisibleOf(userId) : [];
        for (const comment of comments) {
          await moderation.decide(comment.id, 'rejected', moderator.id, false);
          await moderation.resolveReports(comment.id);
        }
        await log.record({
          actorId: moderator.id,
          action: 'ban',
          userId,
          reason,
          details: { rejected: comments.length },
        });
        await webhookEvents.record('user.banned', {
          user: { id: userId, username: target.username },
          reason,
          rejectedComments: comments.length,
          moderator: { id: moderator.id, username: moderator.username },
        });
        return comments;
      },
    );
    const sessionHashes = await this.sessions.deleteAllForUser(userId);
    this.realtime.endSessions(sessionHashes, 'banned');
    this.realtime.endUser(userId, 'banned');
    const rejected = await this.comments.findManyByIds(taken.map((comment) => comment.id));
    await this.threads.changed(rejected.map((record) => record.articleId));
    for (const before of taken) {
      const after = rejected.find((record) => record.id === before.id);
      if (after) this.events.raise(COMMENT_CHANGED, { cause: 'banned', before, after });
    }
    return this.toModeratedUser((await this.users.findById(userId))!);
  }

  async unban(userId: string, moderator: User): Promise<ModeratedUser> {
    await this.actOn(userId, moderator);
    const user = await this.users.update(userId, { status: 'active', suspendedUntil: null, banReason: null });
    await this.log.record({ actorId: moderator.id, action: 'unban', userId });
    return this.toModeratedUser(user!);
  }

  async setPremod(userId: string, on: boolean, moderator: User): Promise<ModeratedUser> {
    await this.actOn(userId, moderator);
    const user = await this.users.update(userId, { alwaysPremod: on });
    await this.log.record({ actorId: moderator.id, action: on ? 'premod_on' : 'premod_off', userId });
    return this.toModeratedUser(user!);
  }

  /** Admin only: makes or unmakes a moderator. A demoted moderator's sockets leave the moderation room at once, on every node. */
  async setRole(userId: string, role: 'reader' | 'moderator', admin: User): Promise<ModeratedUser> {
    await this.actOn(userId, admin);
    const user = await this.users.update(userId, { role });
    // The role shows on every comment of theirs, on any story.
    await this.threads.changedEverywhere();
    if (role === 'reader') this.realtime.leaveModeration(userId);
    await this.log.record({ actorId: admin.id, action: `role_${role}`, userId });
    return this.toModeratedUser(user!);
  }

  async updateArticle(slug: string, changes: ArticleSettingsRequest, moderator: User) {
    const article = await this.articles.getRow(slug);
    const updated = await this.articlesRepository.update(article.id, {
      ...(changes.commentsOpen !== undefined && { commentsOpen: changes.commentsOpen }),
      ...(changes.premod !== undefined && { premod: changes.premod satisfies PremodMode }),
    });
    await this.log.record({
      actorId: moderator.id,
      action: 'article_settings',
      articleId: article.id,
      details: { ...changes },
    });
    return toArticle(updated!);
  }

  async wordLists(): Promise<WordLists> {
    const { settings } = await this.settings.get();
    return { banned: settings.bannedWords, suspect: settings.suspectWords };
  }

  async setWordLists(lists: WordLists, moderator: User): Promise<WordLists> {
    const unique = (words: string[]) => [...new Set(words.map((word) => word.trim()).filter(Boolean))];
    const settings = await this.settings.setWordLists(unique(lists.banned), unique(lists.suspect));
    await this.log.record({
      actorId: moderator.id,
      action: 'word_lists',
      details: { banned: settings.bannedWords.length, suspect: settings.suspectWords.length },
    });
    return { banned: settings.bannedWords, suspect: settings.suspectWords };
  }

  async logPage(limit: number, cursor?: string): Promise<ModerationLogPage> {
    const rows = await this.log.list(limit, decodeCursor(cursor, ['time', 'id']));
    const page = toPage(rows, limit, (row) => [row.createdAt.toISOString(), row.id]);
    return {
      items: page.items.map((row) => ({
        id: row.id,
        actor: row.actor,
        action: row.action,
        commentId: row.commentId,
        userId: row.userId,
        username: row.username,
        articleSlug: row.articleSlug,
        reason: row.reason,
        createdAt: row.createdAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** Moderators act on readers; only admins act on moderators; nobody acts on admins or themselves. */
  private async actOn(userId: string, moderator: User): Promise<User> {
    const target = await this.users.findById(userId);
    if (!target) throw new AppError('moderation/user_not_found');
    const protectedTarget =
      target.id === moderator.id ||
      target.role === 'admin' ||
      (target.role === 'moderator' && moderator.role !== 'admin');
    if (protectedTarget) throw new AppError('moderation/protected_user');
    return target;
  }

  private toModeratedUser(user: User): ModeratedUser {
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      status: user.status,
      suspendedUntil: user.suspendedUntil?.toISOString() ?? null,
      alwaysPremod: user.alwaysPremod,
      approvedCount: user.approvedCount,
      rejectedCount: user.rejectedCount,
      createdAt: user.createdAt.toISOString(),
      email: user.email,
      emailVerified: user.email !== null && user.emailVerifiedAt !== null,
    };
  }
}
