import { Injectable } from '@nestjs/common';
import type { User } from '@parley/db';
import type {
  CreateStoryRequest,
  Story,
  StoryListQuery,
  StoryPage,
  UpdateStoryRequest,
} from '@parley/shared';
import { hasAdminPowers } from '../auth/access.js';
import { AppError } from '../common/app-error.js';
import { decodeCursor, NEWEST_FIRST_CURSOR, newestFirstKey, toPage } from '../common/cursor.js';
import { uniqueViolation } from '../common/database-errors.js';
import { ThreadCache } from '../comments/thread-cache.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import { RESERVED_STORY_SLUGS } from './slug.js';
import { StoriesRepository, type StoryRecord } from './stories.repository.js';
import { StoryCreator } from './story-creator.service.js';
import { toStory } from './story-mapping.js';

/** Stories in the moderation area: list, create, update and merge. */
@Injectable()
export class StoriesAdminService {
  constructor(
    private readonly stories: StoriesRepository,
    private readonly creator: StoryCreator,
    private readonly transactions: TransactionRunner,
    private readonly log: ModerationLogRepository,
    private readonly threadCache: ThreadCache,
  ) {}

  async list(query: StoryListQuery): Promise<StoryPage> {
    const rows = await this.stories.list(
      query.limit,
      query.search,
      decodeCursor(query.cursor, NEWEST_FIRST_CURSOR),
    );
    const page = toPage(rows, query.limit, newestFirstKey);
    return { items: page.items.map(toStory), nextCursor: page.nextCursor };
  }

  /** Admins: a story with any URL (no origin rule), or the placeholder URL when none is given. */
  async create(request: CreateStoryRequest, admin: User): Promise<Story> {
    if (request.url) await this.refuseTakenUrl(request.url);
    if (request.externalId) await this.refuseTakenExternalId(request.externalId);
    if (request.slug && RESERVED_STORY_SLUGS.includes(request.slug)) {
      throw new AppError('request/invalid', undefined, 'Invalid story: slug: is reserved', {
        slug: 'is reserved',
      });
    }
    if (request.slug && (await this.stories.slugsLike(request.slug)).includes(request.slug)) {
      throw new AppError('request/invalid', undefined, 'Invalid story: slug: is taken', { slug: 'is taken' });
    }
    const { story, created } = await this.creator.insert(
      {
        url: request.url,
        externalId: request.externalId ?? null,
        title: request.title,
        slug: request.slug,
        commentsOpen: request.commentsOpen,
        premod: request.premod,
      },
      'admin',
      (inserted, log) =>
        log.record({
          actorId: admin.id,
          action: 'story_create',
          storyId: inserted.id,
          details: { url: inserted.url, externalId: inserted.externalId, title: inserted.title },
        }),
    );
    // Only a race with a reader's first view of the same page gets here: say so, as for a taken URL.
    if (!created)
      throw this.conflict(
        story,
        request.url !== undefined && story.url === request.url ? 'url' : 'externalId',
      );
    return toStory(story);
  }

  /**
   * Staff change `commentsOpen` and `premod`; the
   * story's identity (title, URL, external id) is for admins.
   */
  async update(id: string, changes: UpdateStoryRequest, actor: User): Promise<Story> {
    const identity =
      changes.title !== undefined || changes.url !== undefined || changes.externalId !== undefined;
    if (identity && !hasAdminPowers(actor)) {
      throw new AppError(
        'auth/forbidden',
        undefined,
        'Only administrators can change a story’s title, URL or external id.',
      );
    }
    const current = await this.stories.findById(id);
    if (!current) throw new AppError('story/not_found', { id }, 'That story does not exist.');
    if (changes.url !== undefined && changes.url !== current.url) await this.refuseTakenUrl(changes.url);
    if (changes.externalId && changes.externalId !== current.externalId) {
      await this.refuseTakenExternalId(changes.externalId);
    }
    let updated: StoryRecord | undefined;
    try {
      updated = await this.stories.update(id, {
        ...(changes.title !== undefined && { title: changes.title }),
        ...(changes.url !== undefined && { url: changes.url }),
        ...(changes.externalId !== undefined && { externalId: changes.externalId }),
        ...(changes.commentsOpen !== undefined && { commentsOpen: changes.commentsOpen }),
        ...(changes.premod !== undefined && { premod: changes.premod }),
      });
    } catch (error) {
      // Taken between the check and the write.
      const constraint = uniqueViolation(error);
      if (constraint === 'stories_url_key') throw await this.conflictFor('url', changes.url!);
      if (constraint === 'stories_external_id_key')
        throw await this.conflictFor('externalId', changes.externalId!);
      throw error;
    }
    if (!updated) throw new AppError('story/not_found', { id }, 'That story does not exist.');
    await this.log.record({
      actorId: actor.id,
      action: 'story_update',
      storyId: id,
      details: storyChanges(current, updated),
    });
    return toStory(updated);
  }

  /**
   * Moves every comment of `sourceId` (any status, replies and reports with them) to `targetId` in
   * one transaction, recounts the target, and deletes the source: a merge is for one page that got
   * two threads (a changed URL). The target takes the source's external id when it has none, so
   * embeds keyed by that id follow. Returns the target and how many comments moved.
   */
  async merge(sourceId: string, targetId: string, admin: User): Promise<{ story: Story; moved: number }> {
    if (sourceId === targetId) throw new AppError('story/merge_into_itself');
    const result = await this.transactions.run(
      { stories: this.stories, log: this.log },
      async ({ stories, log }) => {
        const locked = await stories.lockByIds([sourceId, targetId]);
        const source = locked.find((story) => story.id === sourceId);
        const target = locked.find((story) => story.id === targetId);
        if (!source)
          throw new AppError('story/not_found', { id: sourceId }, 'The story to merge does not exist.');
        if (!target)
          throw new AppError('story/not_found', { id: targetId }, 'The story to merge into does not exist.');
        const moved = await stories.moveComments(source.id, target.id);
        await stories.recountComments(target.id);
        await stories.delete(source.id);
        if (source.externalId !== null && target.externalId === null) {
          await stories.update(target.id, { externalId: source.externalId });
        }
        await log.record({
          actorId: admin.id,
          action: 'story_merge',
          storyId: target.id,
          details: {
            moved,
            from: {
              id: source.id,
              slug: source.slug,
              url: source.url,
              externalId: source.externalId,
              title: source.title,
            },
          },
        });
        return { story: (await stories.findById(target.id))!, moved };
      },
    );
    // Both threads changed: the target's pages gain the comments, the source's are gone.
    await this.threadCache.changed([sourceId, targetId]);
    return { story: toStory(result.story), moved: result.moved };
  }

  private async refuseTakenUrl(url: string): Promise<void> {
    const taken = await this.stories.findByUrl(url);
    if (taken) throw this.conflict(taken, 'url');
  }

  private async refuseTakenExternalId(externalId: string): Promise<void> {
    const taken = await this.stories.findByExternalId(externalId);
    if (taken) throw this.conflict(taken, 'externalId');
  }

  private async conflictFor(field: 'url' | 'externalId', value: string): Promise<AppError> {
    const taken =
      field === 'url' ? await this.stories.findByUrl(value) : await this.stories.findByExternalId(value);
    return taken
      ? this.conflict(taken, field)
      : new AppError(field === 'url' ? 'story/url_taken' : 'story/external_id_taken');
  }

  private conflict(taken: StoryRecord, field: 'url' | 'externalId'): AppError {
    const details = { storyId: taken.id, slug: taken.slug, title: taken.title };
    return field === 'url'
      ? new AppError('story/url_taken', details, undefined, { url: `belongs to “${taken.title}”` })
      : new AppError('story/external_id_taken', details, undefined, {
          externalId: `belongs to “${taken.title}”`,
        });
  }
}

/** What an update changed, field by field, old → new (fields set to what they were are left out). */
function storyChanges(
  before: StoryRecord,
  after: StoryRecord,
): Record<string, { from: unknown; to: unknown }> {
  const fields = ['title', 'url', 'externalId', 'commentsOpen', 'premod'] as const;
  return Object.fromEntries(
    fields
      .filter((field) => before[field] !== after[field])
      .map((field) => [field, { from: before[field], to: after[field] }]),
  );
}
