import { FIELD_MESSAGES } from '@parley/shared';
import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { ThreadCache } from '../comments/thread-cache.js';
import { ModerationLogRepository } from '../moderation-log/moderation-log.repository.js';
import { bindable, executorsOf, fakeTransactions, FIXTURE_TIME, user } from '../testing/fixtures.js';
import { unitModule, type DeepMocked } from '../testing/unit-module.js';
import { StoriesAdminService } from './stories-admin.service.js';
import { StoriesRepository, type StoryRecord } from './stories.repository.js';
import { StoryCreator } from './story-creator.service.js';

const ADMIN = user({ id: 'admin-id', role: 'admin' });

function record(overrides: Partial<StoryRecord> = {}): StoryRecord {
  return {
    id: 'story-id',
    slug: 'a-story',
    url: 'https://news.example.org/a-story',
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

describe(StoriesAdminService.name, () => {
  let stories: ReturnType<typeof makeStories>;
  let log: { record: Mock };
  let creator: DeepMocked<StoryCreator>;
  let threadCache: DeepMocked<ThreadCache>;
  let trx: object;
  let sut: StoriesAdminService;

  function makeStories() {
    return bindable({
      findByUrl: vi.fn(async (): Promise<StoryRecord | undefined> => undefined),
      findByExternalId: vi.fn(async (): Promise<StoryRecord | undefined> => undefined),
      findById: vi.fn(async (id: string) => record({ id })),
      slugsLike: vi.fn(async (): Promise<string[]> => []),
      lockByIds: vi.fn(async (ids: string[]) => ids.map((id) => record({ id, slug: id }))),
      moveComments: vi.fn(async () => 3),
      recountComments: vi.fn(),
      delete: vi.fn(),
      update: vi.fn(),
    });
  }

  beforeEach(async () => {
    stories = makeStories();
    log = bindable({ record: vi.fn() });
    const transactions = fakeTransactions();
    trx = transactions.trx;
    const module = await unitModule(StoriesAdminService, [
      transactions.provider,
      { provide: StoriesRepository, useValue: stories },
      { provide: ModerationLogRepository, useValue: log },
    ]);
    creator = module.get(StoryCreator);
    threadCache = module.get(ThreadCache);
    sut = module.sut;
  });

  describe('create', () => {
    it.each(['counts', 'default', 'resolve'])(
      'refuses the reserved slug "%s" and stores nothing',
      async (slug) => {
        const refusal = sut.create({ title: 'A story', slug }, ADMIN);

        await expect(refusal).rejects.toMatchObject({
          code: 'request/invalid',
          fields: { slug: FIELD_MESSAGES.slugReserved },
        });
        expect(creator.insert).not.toHaveBeenCalled();
      },
    );

    it('refuses a slug another story has', async () => {
      stories.slugsLike.mockResolvedValue(['taken', 'taken-2']);

      await expect(sut.create({ title: 'A story', slug: 'taken' }, ADMIN)).rejects.toMatchObject({
        code: 'request/invalid',
        fields: { slug: FIELD_MESSAGES.slugTaken },
      });
      expect(creator.insert).not.toHaveBeenCalled();
    });

    it('stores a story with a free slug, as the admin asked', async () => {
      creator.insert.mockResolvedValue({ story: record({ slug: 'front' }), created: true });

      const created = await sut.create({ title: 'A story', slug: 'front' }, ADMIN);

      expect(creator.insert).toHaveBeenCalledWith(
        expect.objectContaining({ slug: 'front', title: 'A story' }),
        'admin',
        expect.any(Function),
      );
      expect(created.slug).toBe('front');
    });
  });

  describe('merge', () => {
    it('refuses to merge a story into itself, before touching anything', async () => {
      await expect(sut.merge('story-id', 'story-id', ADMIN)).rejects.toMatchObject({
        code: 'story/merge_into_itself',
      });
      expect(stories.lockByIds).not.toHaveBeenCalled();
      expect(stories.moveComments).not.toHaveBeenCalled();
      expect(stories.delete).not.toHaveBeenCalled();
      expect(threadCache.changed).not.toHaveBeenCalled();
    });

    it('moves the comments, deletes the source and logs it, in one transaction', async () => {
      const result = await sut.merge('source', 'target', ADMIN);

      expect(result).toMatchObject({ moved: 3, story: { id: 'target' } });
      expect(stories.moveComments).toHaveBeenCalledWith('source', 'target');
      expect(stories.delete).toHaveBeenCalledWith('source');
      expect(log.record).toHaveBeenCalledWith(
        expect.objectContaining({ actorId: ADMIN.id, action: 'story_merge', storyId: 'target' }),
      );
      expect(executorsOf(stories.moveComments)).toEqual([trx]);
      expect(executorsOf(stories.delete)).toEqual([trx]);
      expect(executorsOf(log.record)).toEqual([trx]);
      expect(threadCache.changed).toHaveBeenCalledWith(['source', 'target']);
    });

    it('refuses a target that does not exist, and moves nothing', async () => {
      stories.lockByIds.mockResolvedValue([record({ id: 'source' })]);

      await expect(sut.merge('source', 'gone', ADMIN)).rejects.toMatchObject({
        code: 'story/not_found',
        details: { id: 'gone' },
      });
      expect(stories.moveComments).not.toHaveBeenCalled();
    });
  });
});
