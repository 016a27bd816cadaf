import { Inject, Injectable } from '@nestjs/common';
import type { User } from '@parley/db';
import type { MyDataExport } from '@parley/shared';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { charge, RateLimiterFactory } from '../common/rate-limiter.js';
import { CONFIG, type Config } from '../config/config.js';
import { commentPermalink } from '../common/permalink.js';
import { CommentRevisionsRepository } from '../comments/comment-revisions.repository.js';
import { AccountRepository } from './account.repository.js';

/** Exports one account may download per hour (each reads everything it wrote). */
export const EXPORTS_PER_HOUR = 10;

/** A feature's part of the export (notification settings, …): JSON, keyed by the section's name. */
export type ExportSection = (user: User) => Promise<unknown>;

/** GET /api/me/export: everything Parley keeps about the account, as one JSON document. */
@Injectable()
export class MyDataService {
  private readonly exports: RateLimiterAbstract;
  private readonly sections = new Map<string, ExportSection>();

  constructor(
    private readonly account: AccountRepository,
    private readonly revisions: CommentRevisionsRepository,
    private readonly clock: Clock,
    limiters: RateLimiterFactory,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    this.exports = limiters.create('account-export', EXPORTS_PER_HOUR, 3600);
  }

  /**
   * The extension point: a feature with its own data about users (i-notify: notification settings,
   * email) adds a section in its `onModuleInit`; it appears under `more.<name>`.
   */
  addSection(name: string, section: ExportSection): void {
    this.sections.set(name, section);
  }

  async export(user: User): Promise<MyDataExport> {
    const allowance = await charge(this.exports, user.id);
    if (!allowance.allowed) {
      throw new AppError('account/rate_limited', { retryAfterSeconds: allowance.retryAfterSeconds });
    }
    const [comments, revisions, reactions, reports] = await Promise.all([
      this.account.commentsOf(user.id),
      this.revisions.ofAuthor(user.id),
      this.account.reactionsOf(user.id),
      this.account.reportsOf(user.id),
    ]);
    const site = this.config.publicUrl ?? '';
    const revisionsOf = new Map<string, { body: string; editedAt: string }[]>();
    for (const revision of revisions) {
      const list = revisionsOf.get(revision.commentId) ?? [];
      list.push({ body: revision.body, editedAt: revision.editedAt.toISOString() });
      revisionsOf.set(revision.commentId, list);
    }
    const more: Record<string, unknown> = {};
    for (const [name, section] of this.sections) more[name] = await section(user);
    return {
      exportedAt: this.clock.now().toISOString(),
      account: {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        status: user.status,
        createdAt: user.createdAt.toISOString(),
        email: user.email,
        emailVerified: user.email !== null && user.emailVerifiedAt !== null,
        locale: user.locale,
      },
      comments: comments.map((comment) => ({
        id: comment.id,
        parentId: comment.parentId,
        body: comment.body,
        status: comment.status,
        createdAt: comment.createdAt.toISOString(),
        editedAt: comment.editedAt?.toISOString() ?? null,
        // Absolute when PARLEY_PUBLIC_URL is set (a file outlives the page it came from); the
        // comment's link is the one notifications use (the host page for an embedded story).
        story: { slug: comment.slug, title: comment.title, url: `${site}/stories/${comment.slug}` },
        url: commentPermalink(comment.id, { url: comment.storyUrl }, this.config.publicUrl),
        // The texts its edits replaced go with it; a deleted comment has none left.
        revisions: revisionsOf.get(comment.id) ?? [],
      })),
      reactions: reactions.map((reaction) => ({ ...reaction, createdAt: reaction.createdAt.toISOString() })),
      reports: reports.map((report) => ({
        ...report,
        createdAt: report.createdAt.toISOString(),
        resolvedAt: report.resolvedAt?.toISOString() ?? null,
      })),
      more,
    };
  }
}
