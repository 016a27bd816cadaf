import { Inject, Injectable } from '@nestjs/common';
import {
  normalizeStoryUrl,
  STORY_TITLE_MAX_LENGTH,
  type ResolveStoryRequest,
  type Story,
  type StoryCount,
  type StoryCountsQuery,
} from '@parley/shared';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../common/app-error.js';
import { addressKey } from '../common/client-address.js';
import { uniqueViolation } from '../common/database-errors.js';
import { isListedOrigin, listedOrigins } from '../common/origin.js';
import { charge, RateLimiterFactory } from '../common/rate-limiter.js';
import { CONFIG, type Config } from '../config/config.js';
import { titleFromUrl } from './slug.js';
import { StoriesRepository, type StoryRecord } from './stories.repository.js';
import { StoryCreator } from './story-creator.service.js';
import { toStory } from './story-mapping.js';

/** Who is asking resolve: the client address (for the creation limit). */
export interface Requester {
  ip: string;
}

/** Stories as host pages find them: resolve (made on first view), counts, the front story. */
@Injectable()
export class StoryResolutionService {
  /** New stories (and URL moves) through resolve, per address: a stranger can trigger both. */
  private readonly creationsByAddress: RateLimiterAbstract;

  constructor(
    private readonly stories: StoriesRepository,
    private readonly creator: StoryCreator,
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
    const { story, created } = await this.creator.insert(
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
}
