import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { User } from '@parley/db';
import {
  isStaff,
  isVisible,
  type Comment,
  type CommentChanges,
  type CommentWithContext,
  type CreateCommentRequest,
  type ListCommentsQuery,
  type ListRepliesQuery,
  type ReactionsUpdated,
  type ReportRequest,
  type ThreadComment,
  type ThreadPage,
} from '@parley/shared';
import { ArticlesService } from '../articles/articles.service.js';
import { effectiveStatus } from '../auth/auth.service.js';
import { AppError } from '../common/app-error.js';
import { decodeCursor, encodeCursor, toPage } from '../common/cursor.js';
import { AfterCommitTasks } from '../database/after-commit.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ModerationLogRepository } from '../moderation/moderation-log.repository.js';
import { ModerationQueuesService, queuesOf } from '../moderation/moderation-queues.service.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { toComment } from './comment.mapper.js';
import { CommentsRepository, cursorKeyOf, cursorShape, type CommentRecord } from './comments.repository.js';
import { isListed } from './visibility.js';
import { moderate, refuse, refuseAuthor, screenEdit } from './pipeline/pipeline.js';

/** Replies nested under each comment of a thread page, and how many levels deep. */
export const NESTED_REPLIES = 3;
export const NESTED_LEVELS = 2;
/** How far back catch-up looks before the client's `since`, for transactions that committed late. */
const CATCH_UP_SLACK_MS = 5000;
const CATCH_UP_LIMIT = 500;

@Injectable()
export class CommentsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly comments: CommentsRepository,
    private readonly users: UsersRepository,
    private readonly articles: ArticlesService,
    private readonly settings: SettingsService,
    private readonly log: ModerationLogRepository,
    private readonly queues: ModerationQueuesService,
    private readonly realtime: RealtimeService,
    private readonly afterCommit: AfterCommitTasks,
  ) {}

  async listThread(slug: string, query: ListCommentsQuery, viewer: User | null): Promise<ThreadPage> {
    const article = await this.articles.getRow(slug);
    const rows = await this.comments.listTopLevel(
      article.id,
      query.sort,
      query.limit,
      decodeCursor(query.cursor, cursorShape(query.sort)),
    );
    const page = toPage(rows, query.limit, (row) => cursorKeyOf(row, query.sort));
    return { items: await this.nest(page.items, viewer), nextCursor: page.nextCursor };
  }

  async listReplies(id: string, query: ListRepliesQuery, viewer: User | null): Promise<ThreadPage> {
    const parent = await this.comments.findById(id);
    if (!parent || !isListed(parent)) throw new AppError('comment/not_found');
    const rows = await this.comments.listReplies(
      id,
      query.limit,
      decodeCursor(query.cursor, cursorShape('oldest')),
    );
    const page = toPage(rows, query.limit, (row) => cursorKeyOf(row, 'oldest'));
    return { items: await this.nest(page.items, viewer), nextCursor: page.nextCursor };
  }

  /** Adds the first replies, NESTED_LEVELS deep, to each comment: one query per level. */
  private async nest(rows: CommentRecord[], viewer: User | null): Promise<ThreadComment[]> {
    const levels: CommentRecord[][] = [rows];
    for (let level = 0; level < NESTED_LEVELS; level++) {
      // Only comments with replies need a query for them; often a whole level has none.
      const parents = levels[level]!.filter((row) => row.replyCount > 0 || row.status === 'deleted');
      levels.push(
        parents.length > 0
          ? await this.comments.firstReplies(
              parents.map((row) => row.id),
              NESTED_REPLIES,
            )
          : [],
      );
    }
    const all = levels.flat();
    const reacted = viewer
      ? await this.comments.reactedIds(
          viewer.id,
          all.map((row) => row.id),
        )
      : new Set<string>();
    const nodes = new Map<string, ThreadComment>(
      all.map((row) => [
        row.id,
        { ...toComment(row, reacted.has(row.id)), replies: [], repliesCursor: null },
      ]),
    );
    for (const row of levels.slice(1).flat()) nodes.get(row.parentId!)?.replies.push(nodes.get(row.id)!);
    for (const node of nodes.values()) {
      const lastReply = node.replies.at(-1);
      if (lastReply && node.replies.length < node.replyCount) {
        node.repliesCursor = encodeCursor([lastReply.createdAt, lastReply.id]);
      }
    }
    return rows.map((row) => nodes.get(row.id)!);
  }

  /** One comment with its ancestors (permalinks). Held or rejected comments are visible to their author and staff only. */
  async getWithContext(id: string, viewer: User | null): Promise<CommentWithContext> {
    const record = await this.comments.findById(id);
    if (!record) throw new AppError('comment/not_found');
    const mayRead = isListed(record) || (viewer && (viewer.id === record.authorId || isStaff(viewer)));
    if (!mayRead) throw new AppError('comment/not_found');
    const [ancestors, article, reacted] = await Promise.all([
      this.comments.ancestors(record),
      this.articles.getRowById(record.articleId),
      viewer ? this.comments.reactedIds(viewer.id, [record.id]) : Promise.resolve(new Set<string>()),
    ]);
    const comment = toComment(record, reacted.has(record.id));
    // The author reads their own held comment; toComment hides only deleted text.
    return { comment, ancestors: ancestors.map((row) => toComment(row)), articleSlug: article.slug };
  }

  /** What changed in an article's discussion since a moment: for catching up after a reconnect. */
  async changes(slug: string, since: string): Promise<CommentChanges> {
    const article = await this.articles.getRow(slug);
    const serverTime = await this.comments.now();
    const rows = await this.comments.changedSince(
      article.id,
      new Date(new Date(since).getTime() - CATCH_UP_SLACK_MS),
      CATCH_UP_LIMIT + 1,
    );
    const page = rows.slice(0, CATCH_UP_LIMIT);
    return {
      changed: page.filter(isListed).map((row) => toComment(row)),
      removedIds: page.filter((row) => !isListed(row)).map((row) => row.id),
      serverTime: serverTime.toISOString(),
      // Away through more than CATCH_UP_LIMIT changes: the client reloads the thread instead.
      truncated: rows.length > CATCH_UP_LIMIT,
    };
  }

  /**
   * Posts a comment through the pipeline. Persist, then answer, then broadcast. A retry with the
   * same clientId returns the comment already stored (`replayed`), never a second one.
   */
  async create(
    slug: string,
    input: CreateCommentRequest,
    user: User,
    socketId?: string,
  ): Promise<{ comment: Comment; replayed: boolean }> {
    const article = await this.articles.getRow(slug);
    const replay = input.clientId ? await this.comments.findByClientId(user.id, input.clientId) : undefined;
    if (replay) return { comment: toComment(replay), replayed: true };

    const { settings, banned, suspect } = await this.settings.get();
    const { id, replayed } = await this.transactions.run(
      { users: this.users, comments: this.comments, log: this.log },
      async ({ users, comments, log }) => {
        // One post at a time per author, on every node: the interval and repeat checks cannot race.
        const author = await users.lockById(user.id);
        if (!author) throw new AppError('auth/unauthenticated');
        // A concurrent retry that waited for the lock behind the request that stored this draft:
        // answer with that comment rather than refusing it as too fast or repeated.
        const stored = input.clientId ? await comments.findByClientId(author.id, input.clientId) : undefined;
        if (stored) return { id: stored.id, replayed: true };
        const parent = input.parentId ? await comments.findById(input.parentId) : undefined;
        if (
          input.parentId &&
          (!parent || parent.articleId !== article.id || !isListed(parent) || parent.status === 'deleted')
        ) {
          throw new AppError('comment/invalid_parent');
        }
        const facts = await comments.postingFacts(author.id, input.body, settings.repeatWindowSeconds);
        refuse({
          author,
          article,
          lastPostAt: isStaff(author) ? null : facts.lastPostAt,
          repeated: facts.repeated,
          postIntervalSeconds: settings.postIntervalSeconds,
          now: facts.now,
        });
        const verdict = moderate({ body: input.body, author, article, banned, suspect });
        const newId = randomUUID();
        const inserted = await comments.insertOrFindByClientId({
          id: newId,
          articleId: article.id,
          parentId: parent?.id ?? null,
          rootId: parent?.rootId ?? newId,
          depth: parent ? parent.depth + 1 : 0,
          authorId: author.id,
          body: input.body,
          status: verdict.status,
          flags: verdict.flags,
          matchedWords: verdict.matchedWords,
          clientId: input.clientId ?? null,
        });
        // A concurrent retry with the same clientId stored it first: answer with its comment.
        if (!inserted.inserted) return { id: inserted.id, replayed: true };
        if (verdict.status === 'rejected' || verdict.status === 'pending') {
          await log.record({
            actorId: null,
            action: verdict.status === 'rejected' ? 'auto_reject' : 'auto_hold',
            commentId: newId,
            userId: author.id,
            articleId: article.id,
            details: { flags: verdict.flags, matchedWords: verdict.matchedWords },
          });
        }
        return { id: newId, replayed: false };
      },
    );

    const record = (await this.comments.findById(id))!;
    const comment = toComment(record);
    if (replayed) return { comment, replayed };
    if (isListed(record)) this.realtime.commentCreated(comment, socketId);
    this.afterCommit.track(this.queues.announce(id, []));
    return { comment, replayed: false };
  }

  async edit(id: string, body: string, user: User): Promise<Comment> {
    const record = await this.ownComment(id, user);
    if (record.status === 'deleted' || record.status === 'rejected')
      throw new AppError('comment/not_editable');
    const { settings, banned, suspect } = await this.settings.get();
    const now = await this.comments.now();
    if (now.getTime() - record.createdAt.getTime() > settings.editWindowSeconds * 1000) {
      throw new AppError('comment/edit_window_closed', { editWindowSeconds: settings.editWindowSeconds });
    }
    refuseAuthor(user, now);
    const article = await this.articles.getRowById(record.articleId);
    const verdict = screenEdit({ body, author: user, article, banned, suspect });
    const before = queuesOf(record);
    await this.comments.update(record.id, {
      body,
      editedAt: now,
      ...(verdict && { status: verdict.status, flags: verdict.flags, matchedWords: verdict.matchedWords }),
    });
    const updated = (await this.comments.findById(record.id))!;
    if (isListed(updated)) this.realtime.commentUpdated(toComment(updated));
    else if (isListed(record)) this.realtime.commentRemoved(record.articleId, record.id);
    this.afterCommit.track(this.queues.announce(record.id, before));
    return toComment(updated);
  }

  /** The author deletes: a comment with replies stays as a placeholder so the thread keeps its shape. */
  async remove(id: string, user: User): Promise<void> {
    const record = await this.ownComment(id, user);
    if (record.status === 'deleted') return;
    const before = queuesOf(record);
    await this.comments.update(record.id, { status: 'deleted', body: '', featured: false });
    const updated = (await this.comments.findById(record.id))!;
    if (isListed(record)) {
      if (isListed(updated)) this.realtime.commentUpdated(toComment(updated));
      else this.realtime.commentRemoved(record.articleId, record.id);
    }
    if (record.parentId && isVisible(record)) {
      // It was the last reply of a deleted placeholder: the placeholder leaves the thread too.
      const parent = await this.comments.findById(record.parentId);
      if (parent?.status === 'deleted' && !isListed(parent))
        this.realtime.commentRemoved(parent.articleId, parent.id);
    }
    this.afterCommit.track(this.queues.announce(record.id, before));
  }

  async react(id: string, user: User, on: boolean): Promise<ReactionsUpdated> {
    const record = await this.comments.findById(id);
    if (!record || !isVisible(record)) throw new AppError('comment/not_found');
    const changed = on
      ? await this.comments.addReaction(id, user.id)
      : await this.comments.removeReaction(id, user.id);
    const payload = { id, counts: { like: await this.comments.reactionCount(id) } };
    if (changed) this.realtime.reactionsUpdated(record.articleId, payload);
    return payload;
  }

  /** Files a report; at the threshold of distinct reporters a published comment is held for review. */
  async report(id: string, user: User, input: ReportRequest): Promise<{ created: boolean }> {
    const record = await this.comments.findById(id);
    if (!record || !isVisible(record)) throw new AppError('comment/not_found');
    if (record.authorId === user.id) throw new AppError('comment/own_comment');
    const before = queuesOf(record);
    const created = await this.comments.addReport(id, user.id, input.reason, input.note ?? null);
    if (!created) return { created };
    const { settings } = await this.settings.get();
    if (await this.comments.holdForReports(id, settings.reportThreshold)) {
      await this.log.record({
        actorId: null,
        action: 'auto_hold',
        commentId: id,
        userId: record.authorId,
        articleId: record.articleId,
        reason: 'reports',
        details: { threshold: settings.reportThreshold },
      });
      this.realtime.commentRemoved(record.articleId, id);
    }
    this.afterCommit.track(this.queues.announce(id, before));
    return { created };
  }

  private async ownComment(id: string, user: User): Promise<CommentRecord> {
    const record = await this.comments.findById(id);
    if (!record) throw new AppError('comment/not_found');
    if (record.authorId !== user.id) throw new AppError('comment/not_author');
    const status = effectiveStatus(user);
    if (status === 'banned') throw new AppError('auth/banned');
    return record;
  }
}
