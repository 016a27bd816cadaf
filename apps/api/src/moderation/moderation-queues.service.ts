import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { User } from '@parley/db';
import type { Queue, QueueCounts, QueueItem, QueuePage, QueueQuery } from '@parley/shared';
import { hasAdminPowers } from '../auth/access.js';
import { StoryLookupService } from '../stories/story-lookup.service.js';
import { toComment } from '../comments/comment.mapper.js';
import type { CommentRecord } from '../comments/comment-records.js';
import { CommentReadingRepository } from '../comments/comment-reading.repository.js';
import { CommentRevisionsRepository } from '../comments/comment-revisions.repository.js';
import {
  decodeCursor,
  NEWEST_FIRST_CURSOR,
  newestFirstKey,
  toPage,
  type CursorPart,
} from '../common/cursor.js';
import { AfterCommitTasks } from '../database/after-commit.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { ModerationQueuesRepository } from './moderation-queues.repository.js';
import { queuesOf } from './queues.js';

/** The cursor of a queue sorted by score: the last card's score (-1: unscored), time and id. */
const SCORE_FIRST_CURSOR: CursorPart[] = ['score', 'time', 'id'];

/** Live queue counts go out at most this often. */
const COUNTS_EVERY_MS = 1000;

@Injectable()
export class ModerationQueuesService implements OnModuleInit {
  constructor(
    private readonly queues: ModerationQueuesRepository,
    private readonly comments: CommentReadingRepository,
    private readonly revisions: CommentRevisionsRepository,
    private readonly stories: StoryLookupService,
    private readonly realtime: RealtimeService,
    private readonly afterCommit: AfterCommitTasks,
  ) {}

  private countsScheduled = false;

  onModuleInit(): void {
    this.realtime.onModeratorTask('queue', ({ commentId, before }) => this.announceHere(commentId, before));
  }

  async counts(storyId?: string): Promise<QueueCounts> {
    return this.queues.counts(storyId);
  }

  async countsForSlug(slug?: string): Promise<QueueCounts> {
    return this.counts(slug ? (await this.stories.getBySlug(slug)).id : undefined);
  }

  async list(queue: Queue, query: QueueQuery, viewer: User): Promise<QueuePage> {
    const storyId = query.story ? (await this.stories.getBySlug(query.story)).id : undefined;
    const page =
      query.sort === 'score'
        ? toPage(
            await this.queues.pageByScore(
              queue,
              storyId,
              query.limit,
              decodeCursor(query.cursor, SCORE_FIRST_CURSOR),
            ),
            query.limit,
            (row) => [row.scoreKey, ...newestFirstKey(row)],
          )
        : toPage(
            await this.queues.page(
              queue,
              storyId,
              query.limit,
              decodeCursor(query.cursor, NEWEST_FIRST_CURSOR),
            ),
            query.limit,
            newestFirstKey,
          );
    const [items, counts] = await Promise.all([
      this.items(
        page.items.map((row) => row.id),
        viewer,
      ),
      this.counts(storyId),
    ]);
    return { items, nextCursor: page.nextCursor, counts };
  }

  /**
   * Queue cards for these comments, in the given order, each with its context and author history.
   * The author's address only for an admin `viewer` (none for a live card, which every staff member gets).
   */
  async items(ids: string[], viewer: User | null): Promise<QueueItem[]> {
    const showEmail = hasAdminPowers(viewer);
    const records = await this.comments.findManyByIds(ids);
    const byId = new Map(records.map((record) => [record.id, record]));
    const ordered = ids.map((id) => byId.get(id)).filter((record): record is CommentRecord => !!record);
    const parentIds = [...new Set(ordered.flatMap((record) => (record.parentId ? [record.parentId] : [])))];
    const [parents, reports, authors, stories, deciders, revisionCounts] = await Promise.all([
      this.comments.findManyByIds(parentIds),
      this.queues.reportsOf(ids),
      this.queues.authorsOf([...new Set(ordered.map((record) => record.authorId))]),
      this.queues.storiesOf([...new Set(ordered.map((record) => record.storyId))]),
      this.queues.deciderNames([
        ...new Set(ordered.flatMap((record) => (record.decidedBy ? [record.decidedBy] : []))),
      ]),
      this.revisions.countsOf(ids),
    ]);
    const parentById = new Map(parents.map((parent) => [parent.id, parent]));
    const authorById = new Map(authors.map((author) => [author.id, author]));
    const storyById = new Map(stories.map((story) => [story.id, story]));
    const deciderById = new Map(deciders.map((decider) => [decider.id, decider.username]));
    return ordered.map((record) => {
      const author = authorById.get(record.authorId)!;
      const parent = record.parentId ? parentById.get(record.parentId) : undefined;
      return {
        // Moderators see the text of every comment, whatever its status.
        comment: {
          ...toComment(record),
          author: {
            id: author.id,
            username: author.username,
            displayName: author.displayName,
            role: author.role,
          },
          body: record.body,
        },
        story: storyById.get(record.storyId)!,
        parent: parent ? toComment(parent) : null,
        flags: record.flags,
        matchedWords: record.matchedWords,
        hook:
          record.hookLabels || record.hookReason
            ? { reason: record.hookReason, labels: record.hookLabels ?? {} }
            : null,
        toxicity:
          record.toxicityScore === null
            ? null
            : { score: record.toxicityScore, labels: record.toxicityLabels ?? {} },
        postedAnyway: record.postedAnyway,
        reports: reports
          .filter((report) => report.commentId === record.id)
          .map((report) => ({
            reason: report.reason,
            note: report.note,
            reporter: report.reporter,
            createdAt: report.createdAt.toISOString(),
          })),
        openReportCount: record.reportCount,
        author: {
          id: author.id,
          username: author.username,
          displayName: author.displayName,
          role: author.role,
          status: author.status,
          suspendedUntil: author.suspendedUntil?.toISOString() ?? null,
          alwaysPremod: author.alwaysPremod,
          approvedCount: author.approvedCount,
          rejectedCount: author.rejectedCount,
          createdAt: author.createdAt.toISOString(),
          email: showEmail ? author.email : null,
          emailVerified: author.email !== null && author.emailVerifiedAt !== null,
        },
        decidedBy: record.decidedBy ? (deciderById.get(record.decidedBy) ?? null) : null,
        revisionCount: revisionCounts.get(record.id) ?? 0,
      };
    });
  }

  /**
   * Tells the moderation room where a comment now stands: removed from the queues it left,
   * (re)added to the ones it is in, then fresh counts. `before` is the queues it was in.
   */
  /**
   * A committed change moved a comment out of `before`: every node with moderators connected
   * builds its card and tells its own moderators (RealtimeService.askModerators).
   */
  announce(commentId: string, before: Queue[]): void {
    this.realtime.askModerators({ kind: 'queue', commentId, before });
  }

  private async announceHere(commentId: string, before: Queue[]): Promise<void> {
    const work = (async () => {
      const record = await this.comments.findById(commentId);
      const after = record ? queuesOf(record) : [];
      for (const queue of before)
        if (!after.includes(queue)) this.realtime.queueRemovedHere(queue, commentId);
      if (after.length > 0) {
        const [item] = await this.items([commentId], null);
        if (item) for (const queue of after) this.realtime.queueAddedHere(queue, item);
      }
      this.scheduleCounts();
    })();
    // Shutdown waits for it, as for any post-commit work.
    this.afterCommit.track(work);
    await work;
  }

  /**
   * Queue counts scan every queue, so a burst of comments sends them once a second rather than
   * once per comment. The pending send is a tracked post-commit task: shutdown waits for it.
   */
  private scheduleCounts(): void {
    if (this.countsScheduled) return;
    this.countsScheduled = true;
    this.afterCommit.track(
      new Promise((resolve) => setTimeout(resolve, COUNTS_EVERY_MS)).then(async () => {
        this.countsScheduled = false;
        this.realtime.queueCountsHere(await this.counts());
      }),
    );
  }
}
