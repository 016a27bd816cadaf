import type { Comment, SiteSettings } from '@parley/db';
import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { AppError } from '../common/app-error.js';
import { ModerationHookService } from '../moderation-hook/moderation-hook.service.js';
import { ToxicityService } from '../toxicity/toxicity.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { WordMatcher } from '../settings/word-matcher.js';
import { StoryLookupService } from '../stories/story-lookup.service.js';
import {
  bindable,
  comment,
  commentRecord,
  executorsOf,
  fakeTransactions,
  FIXTURE_TIME,
  story,
  user,
} from '../testing/fixtures.js';
import { unitModule, type DeepMocked } from '../testing/unit-module.js';
import { UsersRepository } from '../users/users.repository.js';
import type { CommentChange } from './comment-change.js';
import { CommentChangePublisher } from './comment-change-publisher.js';
import { CommentChangeRecorder } from './comment-change-recorder.js';
import { CommentPostingRepository } from './comment-posting.repository.js';
import type { CommentRecord } from './comment-records.js';
import { CommentPostingService } from './comment-posting.service.js';

const AUTHOR = user({ id: 'author-id', username: 'rita', displayName: 'Rita' });
const OTHER = user({ id: 'other-id', username: 'otto' });
const SETTINGS = {
  id: 1,
  bannedWords: [],
  suspectWords: [],
  editWindowSeconds: 900,
  postIntervalSeconds: 10,
  repeatWindowSeconds: 60,
  reportThreshold: 3,
  // Scoring is off in these specs (no ToxicityService.enabled); the thresholds are the defaults.
  toxicityWarn: 0.8,
  toxicityHold: 0.9,
  toxicityReject: null,
  updatedAt: FIXTURE_TIME,
  mailSecret: null,
} satisfies SiteSettings;
/** A minute after the comment fixtures were written: inside the edit window, past the post interval. */
const NOW = new Date(FIXTURE_TIME.getTime() + 60_000);

type PostingFns =
  | 'findByClientId'
  | 'lockAuthorAndStory'
  | 'findById'
  | 'postingFacts'
  | 'insertUnlessRetried'
  | 'lockById'
  | 'update'
  | 'now';

describe(CommentPostingService.name, () => {
  let sut: CommentPostingService;
  let trx: object;
  let comments: Record<PostingFns, Mock>;
  let users: { lockById: Mock };
  let changes: { record: Mock };
  let publisher: DeepMocked<CommentChangePublisher>;
  let settings: DeepMocked<SettingsService>;
  /** The author's comment as findById reads it: the stored state, then what `update` made of it. */
  let row: CommentRecord;

  beforeEach(async () => {
    const transactions = fakeTransactions();
    trx = transactions.trx;
    row = commentRecord({ authorId: AUTHOR.id });
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
    changes = bindable({ record: vi.fn(async (change: CommentChange) => ({ change, notified: [] })) });
    const module = await unitModule(CommentPostingService, [
      transactions.provider,
      { provide: CommentPostingRepository, useValue: comments },
      { provide: UsersRepository, useValue: users },
      { provide: CommentChangeRecorder, useValue: changes },
      // No PARLEY_MODERATION_HOOK_URL here (comment-posting-hook.service.spec.ts has one).
      { provide: ModerationHookService, useValue: { enabled: false } },
      { provide: ToxicityService, useValue: { enabled: false } },
    ]);
    sut = module.sut;
    publisher = module.get(CommentChangePublisher);
    settings = module.get(SettingsService);
    settings.get.mockResolvedValue({
      settings: SETTINGS,
      banned: new WordMatcher([]),
      suspect: new WordMatcher([]),
    });
    module.get(StoryLookupService).getById.mockResolvedValue(story());
  });

  /** The one change the call recorded. */
  function recorded(): CommentChange {
    expect(changes.record).toHaveBeenCalledOnce();
    return changes.record.mock.calls[0]![0] as CommentChange;
  }

  async function failure(work: Promise<unknown>): Promise<AppError> {
    const error = await work.then(
      () => {
        throw new Error('expected the call to be refused');
      },
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }

  function expectNothingWritten(): void {
    expect(comments.insertUnlessRetried).not.toHaveBeenCalled();
    expect(comments.update).not.toHaveBeenCalled();
    expect(changes.record).not.toHaveBeenCalled();
    expect(publisher.publish).not.toHaveBeenCalled();
  }

  describe('create', () => {
    it('stores the comment in the transaction, records it as posted, then publishes it', async () => {
      const response = await sut.create(
        'a-story',
        { body: 'hello', clientId: 'draft-1' },
        AUTHOR,
        'socket-1',
      );

      expect(response.replayed).toBe(false);
      expect(response.comment).toMatchObject({ body: 'hello', status: 'published' });
      expect(comments.insertUnlessRetried).toHaveBeenCalledWith(
        expect.objectContaining({
          storyId: 'story-id',
          authorId: AUTHOR.id,
          body: 'hello',
          parentId: null,
          depth: 0,
          status: 'published',
          clientId: 'draft-1',
        }),
      );
      expect(executorsOf(comments.insertUnlessRetried)).toEqual([trx]);
      expect(executorsOf(changes.record)).toEqual([trx]);
      const change = recorded();
      expect(change).toMatchObject({
        cause: 'posted',
        before: null,
        after: { body: 'hello', authorUsername: 'rita', authorDisplayName: 'Rita' },
        actor: { id: AUTHOR.id, username: AUTHOR.username },
        socketId: 'socket-1',
      });
      expect(publisher.publish).toHaveBeenCalledExactlyOnceWith({ change, notified: [] });
      // Published once the transaction's work is done, never from inside it.
      expect(publisher.publish.mock.invocationCallOrder[0]).toBeGreaterThan(
        changes.record.mock.invocationCallOrder[0]!,
      );
    });

    it('answers a retry with a known clientId with the stored comment, inserting nothing', async () => {
      comments.findByClientId.mockResolvedValue(commentRecord({ authorId: AUTHOR.id, body: 'first try' }));

      const response = await sut.create('a-story', { body: 'first try', clientId: 'draft-1' }, AUTHOR);

      expect(response).toMatchObject({ replayed: true, comment: { id: 'comment-id', body: 'first try' } });
      // With no scoring and no hook, nothing slow comes before the lock: one look, under it.
      expect(comments.findByClientId).toHaveBeenCalledExactlyOnceWith(AUTHOR.id, 'draft-1');
      expect(executorsOf(comments.findByClientId)).toEqual([trx]);
      expect(comments.postingFacts).not.toHaveBeenCalled();
      expectNothingWritten();
    });

    it('refuses through the pipeline (comments closed) before anything is written', async () => {
      comments.lockAuthorAndStory.mockResolvedValue({
        author: AUTHOR,
        story: story({ commentsOpen: false }),
      });

      expect((await failure(sut.create('a-story', { body: 'hello' }, AUTHOR))).code).toBe('comment/closed');
      expectNothingWritten();
    });

    it('refuses a post too soon after the last one with comment/rate_limited', async () => {
      comments.postingFacts.mockResolvedValue({ lastPostAt: NOW, repeated: false, now: NOW });

      const error = await failure(sut.create('a-story', { body: 'hello' }, AUTHOR));

      expect(error.code).toBe('comment/rate_limited');
      expect(error.details).toEqual({ retryAfterSeconds: SETTINGS.postIntervalSeconds });
      expectNothingWritten();
    });

    it('answers story/not_found for an unknown story', async () => {
      comments.lockAuthorAndStory.mockResolvedValue({ author: AUTHOR, story: undefined });

      expect((await failure(sut.create('missing', { body: 'hello' }, AUTHOR))).code).toBe('story/not_found');
      expectNothingWritten();
    });

    it('refuses a reply to a parent on another story with comment/invalid_parent', async () => {
      comments.findById.mockResolvedValue(commentRecord({ id: 'parent-id', storyId: 'other-story-id' }));

      const error = await failure(sut.create('a-story', { body: 'hi', parentId: 'parent-id' }, AUTHOR));

      expect(error.code).toBe('comment/invalid_parent');
      expectNothingWritten();
    });

    it('places a reply one level under its parent, in its thread', async () => {
      comments.findById.mockResolvedValue(commentRecord({ id: 'parent-id', rootId: 'root-id', depth: 1 }));

      await sut.create('a-story', { body: 'hi', parentId: 'parent-id' }, AUTHOR);

      expect(comments.insertUnlessRetried).toHaveBeenCalledWith(
        expect.objectContaining({ parentId: 'parent-id', rootId: 'root-id', depth: 2 }),
      );
    });
  });

  describe('edit', () => {
    it("records the edit as 'edited' with before and after, then publishes it", async () => {
      const before = row;

      const response = await sut.edit('comment-id', 'new text', AUTHOR);

      expect(response).toMatchObject({ id: 'comment-id', body: 'new text' });
      expect(comments.update).toHaveBeenCalledWith('comment-id', { body: 'new text', editedAt: NOW });
      expect(executorsOf(comments.update)).toEqual([trx]);
      const change = recorded();
      expect(change).toMatchObject({
        cause: 'edited',
        before: { body: 'text', editedAt: null },
        after: { body: 'new text', editedAt: NOW },
        actor: { id: AUTHOR.id, username: AUTHOR.username },
      });
      expect(change.before).toEqual(before);
      expect(publisher.publish).toHaveBeenCalledExactlyOnceWith({ change, notified: [] });
    });

    it("refuses to edit someone else's comment with comment/not_author", async () => {
      expect((await failure(sut.edit('comment-id', 'mine now', OTHER))).code).toBe('comment/not_author');
      expect(users.lockById).not.toHaveBeenCalled();
      expectNothingWritten();
    });

    it('refuses an edit after the edit window with comment/edit_window_closed', async () => {
      comments.now.mockResolvedValue(new Date(FIXTURE_TIME.getTime() + 901_000));

      const error = await failure(sut.edit('comment-id', 'late', AUTHOR));

      expect(error.code).toBe('comment/edit_window_closed');
      expectNothingWritten();
    });

    it('refuses to edit a rejected comment with comment/not_editable', async () => {
      row = { ...row, status: 'rejected' };

      expect((await failure(sut.edit('comment-id', 'again', AUTHOR))).code).toBe('comment/not_editable');
      expectNothingWritten();
    });

    it('screens the edit as a post: a banned word rejects it, and the change carries the new status', async () => {
      settings.get.mockResolvedValue({
        settings: SETTINGS,
        banned: new WordMatcher(['darn']),
        suspect: new WordMatcher([]),
      });

      const response = await sut.edit('comment-id', 'darn it', AUTHOR);

      expect(response.status).toBe('rejected');
      expect(recorded()).toMatchObject({
        cause: 'edited',
        before: { status: 'published' },
        after: { status: 'rejected', flags: ['banned_word'], matchedWords: ['darn'] },
      });
    });
  });

  describe('remove', () => {
    it("turns the comment into a deleted placeholder and records it as 'deleted'", async () => {
      await sut.remove('comment-id', AUTHOR);

      expect(comments.update).toHaveBeenCalledWith('comment-id', {
        status: 'deleted',
        body: '',
        featured: false,
      });
      const change = recorded();
      expect(change).toMatchObject({
        cause: 'deleted',
        before: { status: 'published', body: 'text' },
        after: { status: 'deleted', body: '' },
      });
      expect(publisher.publish).toHaveBeenCalledExactlyOnceWith({ change, notified: [] });
    });

    it("refuses to delete someone else's comment with comment/not_author", async () => {
      expect((await failure(sut.remove('comment-id', OTHER))).code).toBe('comment/not_author');
      expectNothingWritten();
    });

    it('keeps a rejected comment on record: comment/not_editable', async () => {
      row = { ...row, status: 'rejected' };

      expect((await failure(sut.remove('comment-id', AUTHOR))).code).toBe('comment/not_editable');
      expectNothingWritten();
    });

    it('answers deleting an already deleted comment without recording anything', async () => {
      row = { ...row, status: 'deleted', body: '' };

      await sut.remove('comment-id', AUTHOR);

      expectNothingWritten();
    });
  });
});
