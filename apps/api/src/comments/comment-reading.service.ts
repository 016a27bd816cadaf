import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { User } from '@parley/db';
import {
  type CommentChanges,
  type CommentWithContext,
  type ListCommentsQuery,
  type ListRepliesQuery,
  type ThreadComment,
  type ThreadPage,
} from '@parley/shared';
import { StoryLookupService } from '../stories/story-lookup.service.js';
import { hasStaffPowers } from '../auth/access.js';
import { AppError } from '../common/app-error.js';
import { decodeCursor, encodeCursor, toPage } from '../common/cursor.js';
import { etagMatches } from '../common/etag.js';
import { toComment, toPlaceholder, toThreadComment } from './comment.mapper.js';
import type { CommentRecord } from './comment-records.js';
import {
  CommentReadingRepository,
  cursorKeyOf,
  cursorShape,
  type ThreadRecord,
} from './comment-reading.repository.js';
import { ThreadCache } from './thread-cache.js';
import { isListed } from './visibility.js';

/** Replies nested under each comment of a thread page, and how many levels deep. */
export const NESTED_REPLIES = 3;
export const NESTED_LEVELS = 2;
/** How far back catch-up looks before the client's `since`, for transactions that committed late. */
const CATCH_UP_SLACK_MS = 5000;
const CATCH_UP_LIMIT = 500;

/**
 * A thread page for a reader who is not signed in, as JSON text. `etag` is null when the story's
 * version is unknown (Redis out of reach); `body` is null when the reader's copy is current.
 */
export interface AnonymousPage {
  etag: string | null;
  body: string | null;
}

/** What readers read: thread pages, replies, permalinks and catch-up after a reconnect. */
@Injectable()
export class CommentReadingService {
  constructor(
    private readonly comments: CommentReadingRepository,
    private readonly stories: StoryLookupService,
    private readonly cache: ThreadCache,
  ) {}

  async listThread(slug: string, query: ListCommentsQuery, viewer: User | null): Promise<ThreadPage> {
    return this.buildThread(await this.stories.idOf(slug), query, viewer);
  }

  /**
   * The anonymous view of a thread page: the same for every such reader, so a first page is
   * served from this node's cache while the story's version says it is current, and any page is
   * answered "not modified" (no query) when the reader's ETag carries the current version. The
   * version is read before the page's queries: a page is stored under a version no newer than
   * its data.
   */
  async anonymousThread(
    slug: string,
    query: ListCommentsQuery,
    ifNoneMatch?: string,
  ): Promise<AnonymousPage> {
    const storyId = await this.stories.idOf(slug);
    const version = await this.cache.version(storyId);
    if (version === null) {
      return { etag: null, body: JSON.stringify(await this.buildThread(storyId, query, null)) };
    }
    const etag = `"${version}.${query.sort}.${query.limit}${query.cursor ? `.${digest(query.cursor)}` : ''}"`;
    if (ifNoneMatch && etagMatches(ifNoneMatch, etag)) return { etag, body: null };
    const key = `${storyId}:${query.sort}:${query.limit}`;
    const cached = query.cursor ? undefined : this.cache.get(key, version);
    if (cached !== undefined) return { etag, body: cached };
    const body = JSON.stringify(await this.buildThread(storyId, query, null));
    if (!query.cursor) this.cache.set(key, version, body);
    return { etag, body };
  }

  private async buildThread(
    storyId: string,
    query: ListCommentsQuery,
    viewer: User | null,
  ): Promise<ThreadPage> {
    const rows = await this.comments.listTopLevel(
      storyId,
      query.sort,
      query.limit,
      decodeCursor(query.cursor, cursorShape(query.sort)),
      viewer?.id,
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
      viewer?.id,
    );
    const page = toPage(rows, query.limit, (row) => cursorKeyOf(row, 'oldest'));
    return { items: await this.nest(page.items, viewer), nextCursor: page.nextCursor };
  }

  /**
   * Adds the first replies, NESTED_LEVELS deep, to each comment: one query per level. The rows
   * carry the viewer's reactions (listed for them), and so do their replies.
   */
  private async nest(rows: ThreadRecord[], viewer: User | null): Promise<ThreadComment[]> {
    const levels: ThreadRecord[][] = [rows];
    for (let level = 0; level < NESTED_LEVELS; level++) {
      // Only comments with replies need a query for them; often a whole level has none.
      const parents = levels[level]!.filter((row) => row.replyCount > 0 || row.status === 'deleted');
      levels.push(
        parents.length > 0
          ? await this.comments.firstReplies(
              parents.map((row) => row.id),
              NESTED_REPLIES,
              viewer?.id,
            )
          : [],
      );
    }
    const nodes = new Map<string, ThreadComment>(
      levels.flat().map((row) => [row.id, toThreadComment(row, row.viewerReacted ?? false)]),
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

  /**
   * One comment with its ancestors (permalinks). Held or rejected comments are readable by their
   * author and staff only; to anyone else such an ancestor is a placeholder that keeps its place.
   */
  async getWithContext(id: string, viewer: User | null): Promise<CommentWithContext> {
    const record = await this.comments.findById(id);
    if (!record || !mayRead(record, viewer)) throw new AppError('comment/not_found');
    const [ancestors, story, reacted] = await Promise.all([
      this.comments.ancestors(record),
      this.stories.getById(record.storyId),
      viewer ? this.comments.reactedIds(viewer.id, [record.id]) : Promise.resolve(new Set<string>()),
    ]);
    return {
      // The author reads their own held comment; toComment hides only deleted text.
      comment: toComment(record, reacted.has(record.id)),
      ancestors: ancestors.map((row) => (mayRead(row, viewer) ? toComment(row) : toPlaceholder(row))),
      storySlug: story.slug,
    };
  }

  /** What changed in a story's discussion since a moment: for catching up after a reconnect. */
  async changes(slug: string, since: string): Promise<CommentChanges> {
    const story = await this.stories.getBySlug(slug);
    const serverTime = await this.comments.now();
    const rows = await this.comments.changedSince(
      story.id,
      new Date(new Date(since).getTime() - CATCH_UP_SLACK_MS),
      CATCH_UP_LIMIT + 1,
    );
    const page = rows.slice(0, CATCH_UP_LIMIT);
    return {
      changed: page.filter(isListed).map((row) => toComment(row)),
      // Only comments readers once had: one held or refused from the start was never theirs to drop.
      removedIds: page.filter((row) => !isListed(row) && row.firstListedAt !== null).map((row) => row.id),
      serverTime: serverTime.toISOString(),
      // Away through more than CATCH_UP_LIMIT changes: the client reloads the thread instead.
      truncated: rows.length > CATCH_UP_LIMIT,
    };
  }
}

function digest(text: string): string {
  return createHash('sha1').update(text).digest('base64url').slice(0, 16);
}

/** Whether the viewer may read the comment's text: listed, or their own, or they are staff. */
function mayRead(row: CommentRecord, viewer: User | null): boolean {
  return isListed(row) || (viewer !== null && (viewer.id === row.authorId || hasStaffPowers(viewer)));
}
