import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { User } from '@parley/db';
import {
  isPlaceholderStoryUrl,
  normalizeStoryUrl,
  STORY_TITLE_MAX_LENGTH,
  type CreateStoryRequest,
  type ResolveStoryRequest,
  type Story,
  type StoryCount,
  type StoryCountsQuery,
  type StoryListQuery,
  type StoryPage,
  type UpdateStoryRequest,
  type WebhookEventData,
} from '@parley/shared';
import { PLACEHOLDER_STORY_ORIGIN } from '@parley/db/schema';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { hasAdminPowers } from '../auth/access.js';
import { AppError } from '../common/app-error.js';
import { addressKey } from '../common/client-address.js';
import { decodeCursor, NEWEST_FIRST_CURSOR, newestFirstKey, toPage } from '../common/cursor.js';
import { uniqueViolation } from '../common/database-errors.js';
import { isListedOrigin, listedOrigins } from '../common/origin.js';
import { charge, RateLimiterFactory } from '../common/rate-limiter.js';
import { CONFIG, type Config } from '../config/config.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import { baseSlug, freeSlug, RESERVED_STORY_SLUGS, titleFromUrl } from './slug.js';
import { StoriesRepository, type NewStory, type StoryRecord } from './stories.repository.js';
import { ThreadCache } from '../comments/thread-cache.js';
import { WebhookEventsRepository } from '../webhooks/webhook-events.repository.js';

/** How a story came to be: a reader's first view of its page, or an admin. */
type StoryCreatedVia = WebhookEventData<'story.created'>['via'];

/** The `story.created` webhook's data; a placeholder URL (no host page) is sent as null. */
export function storyCreatedData(
  story: StoryRecord,
  via: StoryCreatedVia,
): WebhookEventData<'story.created'> {
  return {
    id: story.id,
    slug: story.slug,
    url: isPlaceholderStoryUrl(story.url) ? null : story.url,
    externalId: story.externalId,
    title: story.title,
    createdAt: story.createdAt.toISOString(),
    via,
  };
}

export function toStory(row: StoryRecord): Story {
  return {
    id: row.id,
    slug: row.slug,
    url: row.url,
    externalId: row.externalId,
    title: row.title,
    commentsOpen: row.commentsOpen,
    premod: row.premod,
    commentCount: row.commentCount,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Who is asking resolve: the client address (for the creation limit). */
export interface Requester {
  ip: string;
}

/** Tries at a free slug before giving up (only racing creations of same-titled stories need a second). */
const SLUG_ATTEMPTS = 4;

@Injectable()
export class StoriesService {
  private readonly logger = new Logger(StoriesService.name);
  /** New stories (and URL moves) through resolve, per address: a stranger can trigger both. */
  private readonly creationsByAddress: RateLimiterAbstract;

  constructor(
    private readonly stories: StoriesRepository,
    private readonly transactions: TransactionRunner,
    private readonly log: ModerationLogRepository,
    private readonly threadCache: ThreadCache,
    private readonly webhookEvents: WebhookEventsRepository,
    rateLimiters: RateLimiterFactory,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    this.creationsByAddress = rateLimiters.create('story-address', config.storiesPerHour, 3600);
  }

  /**
   * The story of a host page: by its CMS id first (and then the id wins: a new URL moves the
   * story), else by URL; made on first use when lazy stories are on and the URL's origin is
   * allowed. Lookups are one indexed query each; only creation is rate-limited.
   */
  async resolve(
    request: ResolveStoryRequest,
    requester: Requester,
  ): Promise<{ story: Story; created: boolean }> {
    if (request.id !== undefined) {
      const byId = await this.stories.findByExternalId(request.id);
      if (byId) return { story: toStory(await this.followUrl(byId, request.url, requester)), created: false };
    }
    const byUrl = await this.stories.findByUrl(request.url);
    if (byUrl) return { story: toStory(byUrl), created: false };

    if (!this.config.lazyStories) {
      throw new AppError(
        'story/not_found',
        { url: request.url },
        'There is no comment thread for this page. Threads are created by the site administrators here; ask them to add this page.',
      );
    }
    const origin = new URL(request.url).origin;
    if (!this.originAllowed(origin)) {
      throw new AppError(
        'story/origin_not_allowed',
        { origin },
        `Comments are not enabled for ${origin}: it is not in the comment server's PARLEY_ORIGINS. The site owner can add it there.`,
      );
    }
    const allowance = await charge(this.creationsByAddress, addressKey(requester.ip));
    if (!allowance.allowed) {
      throw new AppError('story/rate_limited', { retryAfterSeconds: allowance.retryAfterSeconds });
    }
    const title = request.title || titleFromUrl(request.url, STORY_TITLE_MAX_LENGTH);
    const { story, created } = await this.insert(
      { url: request.url, externalId: request.id ?? null, title },
      'resolve',
    );
    if (!created) {
      // Another first view won the race: nothing was created on this address's account.
      await this.creationsByAddress.reward(addressKey(requester.ip)).catch(() => undefined);
    }
    return { story: toStory(story), created };
  }

  /** The site's front story (PARLEY_DEFAULT_STORY): what its home page shows. */
  async defaultStory(): Promise<Story> {
    const story = await this.stories.findBySlug(this.config.defaultStory);
    if (!story) {
      throw new AppError(
        'story/not_found',
        { slug: this.config.defaultStory },
        `The site's front story "${this.config.defaultStory}" does not exist. An administrator can create it, or set PARLEY_DEFAULT_STORY to the slug of an existing story.`,
      );
    }
    return toStory(story);
  }

  /** Visible comment counts, one per key asked in the order asked; unknown stories count 0. */
  async counts(query: StoryCountsQuery): Promise<StoryCount[]> {
    const normalized = query.url.map((url) => normalizeStoryUrl(url));
    const rows = await this.stories.counts(
      [...new Set(normalized.filter((url): url is string => url !== null))],
      [...new Set(query.id)],
    );
    const byUrl = new Map(rows.map((row) => [row.url, row.commentCount]));
    const byId = new Map(
      rows.filter((row) => row.externalId !== null).map((row) => [row.externalId!, row.commentCount]),
    );
    return [
      ...query.url.map((url, index) => ({ url, count: byUrl.get(normalized[index]!) ?? 0 })),
      ...query.id.map((id) => ({ id, count: byId.get(id) ?? 0 })),
    ];
  }

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
    const { story, created } = await this.insert(
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
      details: { ...changes },
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

  /** The id wins: a known story seen under a new URL moves there, unless that cannot be right. */
  private async followUrl(story: StoryRecord, url: string, requester: Requester): Promise<StoryRecord> {
    if (story.url === url || !this.config.lazyStories) return story;
    // Never to a site that is not allowed (the full page links to the URL), never onto another story's URL (merge those).
    if (!this.originAllowed(new URL(url).origin)) return story;
    if (await this.stories.findByUrl(url)) return story;
    if (!(await charge(this.creationsByAddress, addressKey(requester.ip))).allowed) return story;
    try {
      const moved = await this.stories.update(story.id, { url });
      return moved ?? story;
    } catch (error) {
      if (uniqueViolation(error) !== undefined) return story;
      throw error;
    }
  }

  /** Configured origins only: nothing a request says (Host, X-Forwarded-Host) can add one. */
  private originAllowed(origin: string): boolean {
    return isListedOrigin(origin, listedOrigins(this.config));
  }

  /**
   * Inserts a story with a free slug. `created: false` when a story with its URL or external id
   * appeared meanwhile (a racing first view): that story is answered instead. The `story.created`
   * webhook event (and `alsoRecord`, the admin's log line) is written in the insert's transaction:
   * receivers hear of a story if and only if it was stored.
   */
  private async insert(
    input: Omit<NewStory, 'slug' | 'url'> & { url?: string; slug?: string },
    via: StoryCreatedVia,
    alsoRecord?: (story: StoryRecord, log: ModerationLogRepository) => Promise<unknown>,
  ): Promise<{ story: StoryRecord; created: boolean }> {
    for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt++) {
      const base = input.slug ?? baseSlug(input.title, input.url ?? `${PLACEHOLDER_STORY_ORIGIN}/`);
      const slug =
        attempt === 0 ? freeSlug(base, await this.stories.slugsLike(base)) : `${base}-${randomSuffix()}`;
      const url = input.url ?? `${PLACEHOLDER_STORY_ORIGIN}/stories/${slug}`;
      const inserted = await this.transactions.run(
        { stories: this.stories, webhookEvents: this.webhookEvents, log: this.log },
        async ({ stories, webhookEvents, log }) => {
          const row = await stories.insertIfAbsent({ ...input, slug, url });
          if (row) {
            await webhookEvents.record('story.created', storyCreatedData(row, via));
            await alsoRecord?.(row, log);
          }
          return row;
        },
      );
      if (inserted) return { story: inserted, created: true };
      const existing =
        (input.externalId !== null ? await this.stories.findByExternalId(input.externalId) : undefined) ??
        (input.url ? await this.stories.findByUrl(input.url) : undefined);
      if (existing) return { story: existing, created: false };
      if (input.slug) {
        throw new AppError('request/invalid', undefined, 'Invalid story: slug: is taken', {
          slug: 'is taken',
        });
      }
      // Otherwise the slug was taken meanwhile: try again with a random suffix.
    }
    this.logger.warn(`No free slug for a story titled ${JSON.stringify(input.title)}`);
    throw new AppError('server/unavailable');
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

function randomSuffix(): string {
  return randomBytes(3).toString('hex');
}
