import type { Comment, SiteSettings } from '@parley/db';
import type { ModerationHookAnswer } from '@parley/shared';
import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { ModerationHookService } from '../moderation-hook/moderation-hook.service.js';
import { ToxicityService } from '../toxicity/toxicity.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { WordMatcher } from '../settings/word-matcher.js';
import { StoryLookupService } from '../stories/story-lookup.service.js';
import {
  bindable,
  comment,
  commentRecord,
  fakeTransactions,
  FIXTURE_TIME,
  story,
  user,
} from '../testing/fixtures.js';
import { unitModule, type DeepMocked } from '../testing/unit-module.js';
import { UsersRepository } from '../users/users.repository.js';
import type { CommentChange } from './comment-change.js';
import { CommentChangeRecorder } from './comment-change-recorder.js';
import { CommentPostingRepository } from './comment-posting.repository.js';
import type { CommentRecord } from './comment-records.js';
import { CommentPostingService } from './comment-posting.service.js';

// The external moderation hook as posting uses it: asked before the transaction takes any lock.

const AUTHOR = user({ id: 'author-id' });
const SETTINGS = {
  id: 1,
  bannedWords: [],
  suspectWords: [],
  editWindowSeconds: 900,
  postIntervalSeconds: 0,
  repeatWindowSeconds: 60,
  reportThreshold: 3,
  // Scoring is off in these specs (no ToxicityService.enabled); the thresholds are the defaults.
  toxicityWarn: 0.8,
  toxicityHold: 0.9,
  toxicityReject: null,
  updatedAt: FIXTURE_TIME,
  mailSecret: null,
} satisfies SiteSettings;
const NOW = new Date(FIXTURE_TIME.getTime() + 60_000);

/** A promise the test settles when it chooses. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe(`${CommentPostingService.name} with a moderation hook`, () => {
  let sut: CommentPostingService;
  let comments: Record<
    | 'findByClientId'
    | 'lockAuthorAndStory'
    | 'findById'
    | 'postingFacts'
    | 'insertUnlessRetried'
    | 'lockById'
    | 'update'
    | 'now',
    Mock
  >;
  let users: { lockById: Mock };
  let hook: { enabled: boolean; opinionOnPost: Mock; opinionOnEdit: Mock };
  let row: CommentRecord;
  let answer: ReturnType<typeof deferred<ModerationHookAnswer | null>>;
  let stories: DeepMocked<StoryLookupService>;

  beforeEach(async () => {
    const transactions = fakeTransactions();
    row = commentRecord({ authorId: AUTHOR.id });
    answer = deferred();
    comments = bindable({
      findByClientId: vi.fn(async () => undefined),
      lockAuthorAndStory: vi.fn(async () => ({ author: AUTHOR, story: story() })),
      findById: vi.fn(async () => row),
      postingFacts: vi.fn(async () => ({ lastPostAt: null, repeated: false, now: NOW })),
      insertUnlessRetried: vi.fn(async (values: Partial<Comment>) => comment(values)),
      lockById: vi.fn(async () => row),
      update: vi.fn(async (_id: string, values: Partial<CommentRecord>) => {
        row = { ...row, ...values };
      }),
      now: vi.fn(async () => NOW),
    });
    users = bindable({ lockById: vi.fn(async () => AUTHOR) });
    hook = {
      enabled: true,
      opinionOnPost: vi.fn(() => answer.promise),
      opinionOnEdit: vi.fn(() => answer.promise),
    };
    const module = await unitModule(CommentPostingService, [
      transactions.provider,
      { provide: CommentPostingRepository, useValue: comments },
      { provide: UsersRepository, useValue: users },
      { provide: ModerationHookService, useValue: hook },
      { provide: ToxicityService, useValue: { enabled: false } },
      {
        provide: CommentChangeRecorder,
        useValue: bindable({ record: vi.fn(async (change: CommentChange) => ({ change, notified: [] })) }),
      },
    ]);
    sut = module.sut;
    module.get(SettingsService).get.mockResolvedValue({
      settings: SETTINGS,
      banned: new WordMatcher([]),
      suspect: new WordMatcher([]),
    });
    stories = module.get(StoryLookupService);
    stories.getById.mockResolvedValue(story());
    stories.getBySlug.mockResolvedValue(story());
  });

  it('asks before the posting transaction locks anything, and stores the answer with the comment', async () => {
    const posting = sut.create('a-story', { body: 'Hello' }, AUTHOR);
    await settle();
    expect(hook.opinionOnPost).toHaveBeenCalledOnce();
    expect(comments.lockAuthorAndStory).not.toHaveBeenCalled();

    answer.resolve({ action: 'hold', reason: 'needs a look', labels: { toxicity: 0.7 } });
    const { comment: posted } = await posting;
    expect(posted.status).toBe('pending');
    expect(comments.insertUnlessRetried).toHaveBeenCalledWith(
      expect.objectContaining({
        id: hook.opinionOnPost.mock.calls[0]![0].comment.id,
        status: 'pending',
        flags: ['hook'],
        hookReason: 'needs a look',
        hookLabels: JSON.stringify({ toxicity: 0.7 }),
      }),
    );
  });

  it('does not ask about a post the refusals stop', async () => {
    const closed = story({ commentsOpen: false });
    comments.lockAuthorAndStory.mockResolvedValue({ author: AUTHOR, story: closed });
    stories.getBySlug.mockResolvedValue(closed);
    await expect(sut.create('a-story', { body: 'Hello' }, AUTHOR)).rejects.toMatchObject({
      code: 'comment/closed',
    });
    expect(hook.opinionOnPost).not.toHaveBeenCalled();
  });

  it('answers a retry of a stored post before asking the hook or taking a lock', async () => {
    const stored = commentRecord({ id: 'stored-id', authorId: AUTHOR.id, clientId: 'draft-1' });
    comments.findByClientId.mockResolvedValueOnce(stored);
    const result = await sut.create('a-story', { body: 'Hello', clientId: 'draft-1' }, AUTHOR);
    expect(result).toMatchObject({ replayed: true, comment: { id: 'stored-id' } });
    expect(hook.opinionOnPost).not.toHaveBeenCalled();
    expect(comments.lockAuthorAndStory).not.toHaveBeenCalled();
  });

  it('answers a retry whose first try committed meanwhile with that comment, not as repeated', async () => {
    const stored = commentRecord({ id: 'stored-id', authorId: AUTHOR.id, clientId: 'draft-1' });
    comments.postingFacts.mockResolvedValue({ lastPostAt: NOW, repeated: true, now: NOW });
    comments.findByClientId.mockResolvedValueOnce(undefined).mockResolvedValueOnce(stored);
    const result = await sut.create('a-story', { body: 'Hello', clientId: 'draft-1' }, AUTHOR);
    expect(result).toMatchObject({ replayed: true, comment: { id: 'stored-id' } });
    expect(hook.opinionOnPost).not.toHaveBeenCalled();
  });

  it('asks about an edit before locking the author and the comment', async () => {
    const editing = sut.edit(row.id, 'New text', AUTHOR);
    await settle();
    expect(hook.opinionOnEdit).toHaveBeenCalledOnce();
    expect(hook.opinionOnEdit.mock.calls[0]![0]).toMatchObject({
      comment: { body: 'New text', status: 'published' },
    });
    expect(users.lockById).not.toHaveBeenCalled();
    expect(comments.lockById).not.toHaveBeenCalled();

    answer.resolve({ action: 'reject', reason: 'no', labels: {} });
    expect((await editing).status).toBe('rejected');
    expect(row).toMatchObject({ status: 'rejected', flags: ['hook'], hookReason: 'no' });
  });
});
