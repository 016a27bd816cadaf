import { RateLimiterMemory } from 'rate-limiter-flexible';
import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { AppError } from '../common/app-error.js';
import { RateLimiterFactory } from '../common/rate-limiter.js';
import { CONFIG, loadConfig } from '../config/config.js';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import { bindable, executorsOf, fakeTransactions, FIXTURE_TIME } from '../testing/fixtures.js';
import { unitModule } from '../testing/unit-module.js';
import { WebhookEventsRepository } from '../webhooks/webhook-events.repository.js';
import { StoriesRepository, type NewStory, type StoryRecord } from './stories.repository.js';
import { StoryCreator } from './story-creator.service.js';
import { StoryResolutionService } from './story-resolution.service.js';

const HOST = 'https://news.example.org';
const OWN = 'https://comments.example.org';
const REQUESTER = { ip: '203.0.113.7' };

function record(overrides: Partial<StoryRecord> = {}): StoryRecord {
  return {
    id: 'story-id',
    slug: 'a-story',
    url: `${HOST}/a-story`,
    externalId: null,
    title: 'A story',
    commentsOpen: true,
    premod: 'off',
    commentCount: 0,
    createdAt: FIXTURE_TIME,
    hasBody: false,
    ...overrides,
  };
}

describe(StoryResolutionService.name, () => {
  let stories: ReturnType<typeof makeStories>;
  let webhookEvents: { record: Mock };
  let trx: object;
  let sut: StoryResolutionService;

  function makeStories() {
    return bindable({
      findByUrl: vi.fn(async (): Promise<StoryRecord | undefined> => undefined),
      findByExternalId: vi.fn(async (): Promise<StoryRecord | undefined> => undefined),
      slugsLike: vi.fn(async (): Promise<string[]> => []),
      insertIfAbsent: vi.fn(async (input: NewStory) => record({ ...input, id: 'new-id' })),
      update: vi.fn(async (_id: string, changes: Partial<StoryRecord>) => record(changes)),
    });
  }

  /** The service with the real StoryCreator (its repositories mocked) and `env` as configuration. */
  async function makeSut(env: Record<string, string> = {}): Promise<StoryResolutionService> {
    stories = makeStories();
    webhookEvents = bindable({ record: vi.fn() });
    const transactions = fakeTransactions();
    trx = transactions.trx;
    const rateLimiters: Pick<RateLimiterFactory, 'create'> = {
      create: (name, points, duration) => new RateLimiterMemory({ keyPrefix: name, points, duration }),
    };
    const module = await unitModule(StoryResolutionService, [
      StoryCreator,
      transactions.provider,
      { provide: StoriesRepository, useValue: stories },
      { provide: WebhookEventsRepository, useValue: webhookEvents },
      { provide: ModerationLogRepository, useValue: bindable({ record: vi.fn() }) },
      { provide: RateLimiterFactory, useValue: rateLimiters },
      {
        provide: CONFIG,
        useValue: loadConfig({ PARLEY_ORIGINS: HOST, PARLEY_PUBLIC_URL: `${OWN}/`, ...env }),
      },
    ]);
    return module.sut;
  }

  beforeEach(async () => {
    sut = await makeSut();
  });

  describe('the origin rule', () => {
    it('makes a story on the first view of a page on an origin in PARLEY_ORIGINS', async () => {
      const result = await sut.resolve({ url: `${HOST}/a-story`, title: 'A story' }, REQUESTER);

      expect(result.created).toBe(true);
      expect(result.story).toMatchObject({ id: 'new-id', slug: 'a-story', url: `${HOST}/a-story` });
      // The webhook event is written in the insert's transaction.
      expect(webhookEvents.record).toHaveBeenCalledWith(
        'story.created',
        expect.objectContaining({ id: 'new-id', via: 'resolve' }),
      );
      expect(executorsOf(webhookEvents.record)).toEqual([trx]);
    });

    it("allows the origin of PARLEY_PUBLIC_URL, Parley's own pages", async () => {
      const result = await sut.resolve({ url: `${OWN}/about`, title: 'About' }, REQUESTER);

      expect(result.created).toBe(true);
    });

    it('refuses a page on any other origin with story/origin_not_allowed, and stores nothing', async () => {
      const refusal = sut.resolve(
        { url: 'https://elsewhere.example.net/a-story', title: 'A story' },
        REQUESTER,
      );

      await expect(refusal).rejects.toMatchObject({
        code: 'story/origin_not_allowed',
        details: { origin: 'https://elsewhere.example.net' },
      });
      expect(stories.insertIfAbsent).not.toHaveBeenCalled();
      expect(webhookEvents.record).not.toHaveBeenCalled();
    });

    it('answers a known page on another origin: the rule is for making stories, not finding them', async () => {
      stories.findByUrl.mockResolvedValue(record({ url: 'https://elsewhere.example.net/a-story' }));

      const result = await sut.resolve({ url: 'https://elsewhere.example.net/a-story' }, REQUESTER);

      expect(result).toMatchObject({ created: false, story: { id: 'story-id' } });
    });
  });

  describe('with PARLEY_LAZY_STORIES=false', () => {
    beforeEach(async () => {
      sut = await makeSut({ PARLEY_LAZY_STORIES: 'false' });
    });

    it('refuses an unknown page with story/not_found, even on an allowed origin', async () => {
      const refusal = sut.resolve({ url: `${HOST}/new-page`, title: 'New' }, REQUESTER);

      await expect(refusal).rejects.toBeInstanceOf(AppError);
      await expect(refusal).rejects.toMatchObject({
        code: 'story/not_found',
        details: { url: `${HOST}/new-page` },
      });
      expect(stories.insertIfAbsent).not.toHaveBeenCalled();
    });

    it('still answers a page an admin added', async () => {
      stories.findByUrl.mockResolvedValue(record());

      await expect(sut.resolve({ url: `${HOST}/a-story` }, REQUESTER)).resolves.toMatchObject({
        created: false,
        story: { id: 'story-id' },
      });
    });

    it('does not move a story found by id to a new URL', async () => {
      stories.findByExternalId.mockResolvedValue(record({ externalId: 'cms-1' }));

      const result = await sut.resolve({ id: 'cms-1', url: `${HOST}/renamed` }, REQUESTER);

      expect(result.story.url).toBe(`${HOST}/a-story`);
      expect(stories.update).not.toHaveBeenCalled();
    });
  });

  describe('a story found by its CMS id under a new URL', () => {
    beforeEach(() => {
      stories.findByExternalId.mockResolvedValue(record({ externalId: 'cms-1' }));
    });

    it('moves to the new URL on an allowed origin', async () => {
      const result = await sut.resolve({ id: 'cms-1', url: `${HOST}/renamed` }, REQUESTER);

      expect(stories.update).toHaveBeenCalledWith('story-id', { url: `${HOST}/renamed` });
      expect(result).toMatchObject({ created: false, story: { url: `${HOST}/renamed` } });
    });

    it('stays where it is when the new URL is on an origin that is not allowed', async () => {
      const result = await sut.resolve({ id: 'cms-1', url: 'https://elsewhere.example.net/x' }, REQUESTER);

      expect(stories.update).not.toHaveBeenCalled();
      expect(result.story.url).toBe(`${HOST}/a-story`);
    });
  });

  describe('reserved slugs', () => {
    it.each(['counts', 'default', 'resolve'])(
      'gives a page titled "%s" the next free slug, never the route\'s name',
      async (title) => {
        const result = await sut.resolve({ url: `${HOST}/${title}`, title }, REQUESTER);

        expect(stories.insertIfAbsent).toHaveBeenCalledWith(expect.objectContaining({ slug: `${title}-2` }));
        expect(result.story.slug).toBe(`${title}-2`);
      },
    );
  });
});
