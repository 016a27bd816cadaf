import { FIELD_MESSAGES } from '@parley/shared';
import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { PLACEHOLDER_STORY_ORIGIN } from '@parley/db/schema';
import { AppError } from '../common/app-error.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import { WebhookEventsRepository } from '../webhooks/webhook-events.repository.js';
import { baseSlug, freeSlug } from './slug.js';
import { StoriesRepository, type NewStory, type StoryRecord } from './stories.repository.js';
import { storyCreatedData, type StoryCreatedVia } from './story-mapping.js';

/** Tries at a free slug before giving up (only racing creations of same-titled stories need a second). */
const SLUG_ATTEMPTS = 4;

/** The one way a story is stored, shared by resolve (a reader's first view) and admins' create. */
@Injectable()
export class StoryCreator {
  private readonly logger = new Logger(StoryCreator.name);

  constructor(
    private readonly stories: StoriesRepository,
    private readonly transactions: TransactionRunner,
    private readonly log: ModerationLogRepository,
    private readonly webhookEvents: WebhookEventsRepository,
  ) {}

  /**
   * Inserts a story with a free slug. `created: false` when a story with its URL or external id
   * appeared meanwhile (a racing first view): that story is answered instead. The `story.created`
   * webhook event (and `alsoRecord`, the admin's log line) is written in the insert's transaction:
   * receivers hear of a story if and only if it was stored.
   */
  async insert(
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
        throw new AppError('request/invalid', undefined, `Invalid story. slug: ${FIELD_MESSAGES.slugTaken}`, {
          slug: FIELD_MESSAGES.slugTaken,
        });
      }
      // Otherwise the slug was taken meanwhile: try again with a random suffix.
    }
    this.logger.warn(`No free slug for a story titled ${JSON.stringify(input.title)}`);
    throw new AppError('server/unavailable');
  }
}

function randomSuffix(): string {
  return randomBytes(3).toString('hex');
}
