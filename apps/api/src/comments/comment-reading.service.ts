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
import { toPageText, withLikes } from './thread-page-text.js';
import { isListed } from './visibility.js';

/** Replies nested under each comment of a thread page, and how many levels deep. */
export const NESTED_REPLIES = 3;
export const NESTED_LEVELS = 2;
/** How far back catch-up looks before the client's `since`, for transactions that committed late. */
const CATCH_UP_SLACK_MS = 5000;
const CATCH_UP_LIMIT = 500;

/**
 * A thread page as JSON text, as the controller sends it. `etag` is null when the story's version
 * is unknown (Redis out of reach); `body` is null when the reader's copy is current.
 */
export interface PageAnswer {
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

  /**
   * A thread page for a reader, signed in or not. Every page is answered "not modified" (no query)
   * when the reader's ETag carries the story's current version; the version is read before the
   * page's queries, so a page is stored under a version no newer than its data. A first page is
   * built once per version for everyone, as readers who are not signed in see it, and kept in this
   * node's cache; a signed-in reader gets that text with their own likes set (one query for
   * them, after the version, as the page's own queries are), and a tag of their own: their like
   * bumps the version as any like does. Deeper pages are built for each reader.
   */
  async thread(
    slug: string,
    query: ListCommentsQuery,
    viewer: User | null,
    ifNoneMatch?: string,
  ): Promise<PageAnswer> {
    const storyId = await this.stories.idOf(slug);
    const version = await this.cache.version(storyId);
    const built = async () => JSON.stringify(await this.buildThread(storyId, query, viewer));
    if (version === null) return { etag: null, body: await built() };
    const etag = pageTag(version, query, viewer);
    if (ifNoneMatch && etagMatches(ifNoneMatch, etag)) return { etag, body: null };
    if (query.cursor || !this.cache.enabled) return { etag, body: await built() };
    const key = `${storyId}:${query.sort}:${query.limit}`;
    let text = this.cache.get(key, version);
    if (text === undefined) {
      text = toPageText(await this.buildThread(storyId, query, null));
      this.cache.set(key, version, text);
    }
    if (!viewer) return { etag, body: text.body };
    const liked = await this.comments.reactedIds(viewer.id, text.ids);
    return { etag, body: withLikes(text, liked) ?? (await built()) };
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

/**
 * A page's ETag: the story's version and what picks the page, and for a signed-in reader whose
 * page it is (their likes are on it; it is `private`, and never matches another reader's).
 */
function pageTag(version: string, query: ListCommentsQuery, viewer: User | null): string {
  const cursor = query.cursor ? `.${digest(query.cursor)}` : '';
  return `"${version}.${query.sort}.${query.limit}${cursor}${viewer ? `.${viewer.id}` : ''}"`;
}

function digest(text: string): string {
  return createHash('sha1').update(text).digest('base64url').slice(0, 16);
}

/** Whether the viewer may read the comment's text: listed, or their own, or they are staff. */
function mayRead(row: CommentRecord, viewer: User | null): boolean {
  return isListed(row) || (viewer !== null && (viewer.id === row.authorId || hasStaffPowers(viewer)));
}
