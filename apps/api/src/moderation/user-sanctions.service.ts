import { Injectable } from '@nestjs/common';
import type { User } from '@parley/db';
import type { ModeratedUser } from '@parley/shared';
import { hasAdminPowers } from '../auth/access.js';
import { UserSessions } from '../auth/user-sessions.js';
import { CommentChangePublisher } from '../comments/comment-change-publisher.js';
import { CommentChangeRecorder, type RecordedChange } from '../comments/comment-change-recorder.js';
import { CommentReadingRepository } from '../comments/comment-reading.repository.js';
import { ThreadCache } from '../comments/thread-cache.js';
import { AppError } from '../common/app-error.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { DomainEvents } from '../events/domain-events.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { USER_STANDING_CHANGED } from '../users/user-standing.js';
import { UsersRepository } from '../users/users.repository.js';
import { WebhookEventsRepository } from '../webhooks/webhook-events.repository.js';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import { ModerationRepository } from './moderation.repository.js';

/** What moderators do to users: suspend, ban, unban, pre-moderate; and admins' roles. */
@Injectable()
export class UserSanctionsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly moderation: ModerationRepository,
    private readonly comments: CommentReadingRepository,
    private readonly users: UsersRepository,
    private readonly log: ModerationLogRepository,
    private readonly webhookEvents: WebhookEventsRepository,
    private readonly realtime: RealtimeService,
    private readonly threads: ThreadCache,
    private readonly userSessions: UserSessions,
    private readonly changes: CommentChangeRecorder,
    private readonly publisher: CommentChangePublisher,
    private readonly events: DomainEvents,
  ) {}

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
    this.realtime.accountChanged(userId);
    this.events.raise(USER_STANDING_CHANGED, { userId, action: 'suspend' });
    return toModeratedUser(user, moderator);
  }

  /** Bans: ends the user's sessions and live connections at once, and can reject what they wrote. */
  async ban(
    userId: string,
    reason: string,
    rejectExisting: boolean,
    moderator: User,
  ): Promise<ModeratedUser> {
    await this.actOn(userId, moderator);
    const actor = { id: moderator.id, username: moderator.username };
    const rejected = await this.transactions.run(
      {
        users: this.users,
        moderation: this.moderation,
        comments: this.comments,
        log: this.log,
        webhookEvents: this.webhookEvents,
        changes: this.changes,
      },
      async ({ users, moderation, comments, log, webhookEvents, changes }) => {
        // First the user's row: a suspension waits for the ban, and the author's row before their comments' rows.
        const target = await users.lockById(userId);
        if (!target) throw new AppError('moderation/user_not_found');
        await users.update(userId, { status: 'banned', suspendedUntil: null, banReason: reason });
        const ids = rejectExisting ? (await moderation.undecidedOrVisibleOf(userId)).map(({ id }) => id) : [];
        const before = await comments.findManyByIds(ids);
        for (const id of ids) {
          await moderation.decide(id, 'rejected', moderator.id, false);
          await moderation.resolveReports(id);
        }
        await log.record({
          actorId: moderator.id,
          action: 'ban',
          userId,
          reason,
          details: { rejected: ids.length },
        });
        await webhookEvents.record('user.banned', {
          user: { id: userId, username: target.username },
          reason,
          rejectedComments: ids.length,
          moderator: actor,
        });
        const after = new Map((await comments.findManyByIds(ids)).map((record) => [record.id, record]));
        const recorded: RecordedChange[] = [];
        for (const record of before) {
          const now = after.get(record.id);
          if (now)
            recorded.push(await changes.record({ cause: 'banned', before: record, after: now, actor }));
        }
        return recorded;
      },
    );
    await this.userSessions.endAll(userId, 'banned');
    await this.publisher.publish(rejected);
    this.events.raise(USER_STANDING_CHANGED, { userId, action: 'ban' });
    return toModeratedUser((await this.users.findById(userId))!, moderator);
  }

  async unban(userId: string, moderator: User): Promise<ModeratedUser> {
    await this.actOn(userId, moderator);
    const user = await this.users.update(userId, { status: 'active', suspendedUntil: null, banReason: null });
    await this.log.record({ actorId: moderator.id, action: 'unban', userId });
    this.realtime.accountChanged(userId);
    this.events.raise(USER_STANDING_CHANGED, { userId, action: 'unban' });
    return toModeratedUser(user!, moderator);
  }

  async setPremod(userId: string, on: boolean, moderator: User): Promise<ModeratedUser> {
    const target = await this.actOn(userId, moderator);
    const user = await this.users.update(userId, { alwaysPremod: on });
    const action = on ? 'premod_on' : 'premod_off';
    await this.log.record({
      actorId: moderator.id,
      action,
      userId,
      details: { alwaysPremod: { from: target.alwaysPremod, to: on } },
    });
    this.events.raise(USER_STANDING_CHANGED, { userId, action });
    return toModeratedUser(user!, moderator);
  }

  /** Admin only: makes or unmakes a moderator. A demoted moderator's sockets leave the moderation room at once, on every node. */
  async setRole(userId: string, role: 'reader' | 'moderator', admin: User): Promise<ModeratedUser> {
    const target = await this.actOn(userId, admin);
    const user = await this.users.update(userId, { role });
    // The role shows on every comment of theirs, on any story.
    await this.threads.changedEverywhere();
    if (role === 'reader') this.realtime.leaveModeration(userId);
    await this.log.record({
      actorId: admin.id,
      action: `role_${role}`,
      userId,
      details: { role: { from: target.role, to: role } },
    });
    this.realtime.accountChanged(userId);
    this.events.raise(USER_STANDING_CHANGED, { userId, action: `role_${role}` });
    return toModeratedUser(user!, admin);
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
}

/** The account as the acting staff member may see it: its address only for an admin, as on the person drawer. */
function toModeratedUser(user: User, viewer: User): ModeratedUser {
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
    email: hasAdminPowers(viewer) ? user.email : null,
    emailVerified: user.email !== null && user.emailVerifiedAt !== null,
  };
}
