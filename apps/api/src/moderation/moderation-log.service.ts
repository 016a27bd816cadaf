import { Injectable } from '@nestjs/common';
import {
  commentPlainText,
  type ModerationLogEntry,
  type ModerationLogPage,
  type ModerationLogQuery,
} from '@parley/shared';
import { AppError } from '../common/app-error.js';
import { decodeCursor, toPage } from '../common/cursor.js';
import { describeDetails } from '../moderation-log/log-details.js';
import {
  ModerationLogRepository,
  type LogFilters,
  type LogRow,
} from '../moderation-log/moderation-log.repository.js';
import { StoryLookupService } from '../stories/story-lookup.service.js';
import { UsersRepository } from '../users/users.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How much of a comment names it in the log: its first words, cut at a word. */
const EXCERPT_CHARS = 80;

/** The moderation log as staff read it: filtered, a page at a time, each entry in words. */
@Injectable()
export class ModerationLogService {
  constructor(
    private readonly log: ModerationLogRepository,
    private readonly users: UsersRepository,
    private readonly stories: StoryLookupService,
  ) {}

  async page(query: ModerationLogQuery): Promise<ModerationLogPage> {
    const filters: LogFilters = {
      ...(query.actor !== undefined && { actorId: await this.userIdOf(query.actor) }),
      ...(query.action !== undefined && { action: query.action }),
      ...(query.user !== undefined && { userId: await this.userIdOf(query.user) }),
      ...(query.story !== undefined && { storyId: await this.storyIdOf(query.story) }),
    };
    const rows = await this.log.list(query.limit, decodeCursor(query.cursor, ['time', 'id']), filters);
    const page = toPage(rows, query.limit, (row) => [row.createdAt.toISOString(), row.id]);
    return { items: page.items.map(toLogEntry), nextCursor: page.nextCursor };
  }

  /** One entry as the log lists it (for the live `log:added`); undefined when it is gone. */
  async entry(id: string): Promise<ModerationLogEntry | undefined> {
    const row = await this.log.findEntry(id);
    return row ? toLogEntry(row) : undefined;
  }

  private async userIdOf(ref: string): Promise<string> {
    const user = UUID.test(ref) ? await this.users.findById(ref) : await this.users.findByUsername(ref);
    if (!user) throw new AppError('moderation/user_not_found');
    return user.id;
  }

  private async storyIdOf(ref: string): Promise<string> {
    return UUID.test(ref) ? (await this.stories.getById(ref)).id : this.stories.idOf(ref);
  }
}

export function toLogEntry(row: LogRow): ModerationLogEntry {
  const details = typeof row.details === 'string' ? (JSON.parse(row.details) as object) : row.details;
  return {
    id: row.id,
    actor: row.actor,
    actorId: row.actorId,
    action: row.action,
    commentId: row.commentId,
    // A deleted comment's text is erased: it is named by nothing but its link.
    commentExcerpt:
      row.commentStart !== null && row.commentStatus !== 'deleted' ? excerpt(row.commentStart) : null,
    userId: row.userId,
    username: row.username,
    storyId: row.storyId,
    storySlug: row.storySlug,
    storyTitle: row.storyTitle,
    storyUrl: row.storyUrl,
    reason: row.reason,
    ...describeDetails(row.action, (details ?? {}) as Record<string, unknown>),
    createdAt: row.createdAt.toISOString(),
  };
}

/** The first words of a comment's text, without the text format's marks, cut at a word. */
export function excerpt(body: string, length = EXCERPT_CHARS): string | null {
  const flat = commentPlainText(body);
  if (!flat) return null;
  const chars = Array.from(flat);
  if (chars.length <= length) return flat;
  const cut = chars.slice(0, length).join('');
  const atWord = cut.replace(/\s+\S*$/, '');
  return `${atWord.length > length / 2 ? atWord : cut}…`;
}
