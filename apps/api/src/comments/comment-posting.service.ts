import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { SiteSettings as Settings, User } from '@parley/db';
import { isStaff, type Comment, type CreateCommentRequest, type ModerationHookAnswer } from '@parley/shared';
import { StoryLookupService } from '../stories/story-lookup.service.js';
import { effectiveStatus } from '../users/user-status.js';
import { AppError } from '../common/app-error.js';
import { foreignKeyViolation } from '../common/database-errors.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ModerationHookService } from '../moderation-hook/moderation-hook.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { ToxicityService } from '../toxicity/toxicity.service.js';
import type { ToxicityScore } from '../toxicity/toxicity-scorer.js';
import { UsersRepository } from '../users/users.repository.js';
import { CommentChangePublisher } from './comment-change-publisher.js';
import { CommentChangeRecorder, type RecordedChange } from './comment-change-recorder.js';
import { toComment } from './comment.mapper.js';
import { CommentPostingRepository } from './comment-posting.repository.js';
import { actorOf, hookColumns, placement, refuseEdit, toxicityColumns } from './comment-posting-rules.js';
import type { CommentRecord } from './comment-records.js';
import {
  moderate,
  refuse,
  refuseAuthor,
  screenEdit,
  screenEditWithHook,
  screenEditWithOpinion,
  withHook,
  withOpinion,
} from './pipeline/pipeline.js';
import { nudge, overWarning, toxicityAction } from './pipeline/toxicity-phase.js';
import { isListed } from './visibility.js';

/** A post's outcome: the stored comment, or the one an earlier try with its clientId stored. */
type Posted =
  | { record: CommentRecord; replayed: true }
  | { record: CommentRecord; replayed: false; recorded: RecordedChange };

/** What authors do to their own comments: post through the pipeline, edit, delete. Side effects follow from the change (CommentChangeRecorder). */
@Injectable()
export class CommentPostingService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly comments: CommentPostingRepository,
    private readonly users: UsersRepository,
    private readonly stories: StoryLookupService,
    private readonly settings: SettingsService,
    private readonly changes: CommentChangeRecorder,
    private readonly publisher: CommentChangePublisher,
    private readonly hook: ModerationHookService,
    private readonly toxicity: ToxicityService,
  ) {}

  /**
   * Posts a comment through the pipeline. Persist, then answer, then broadcast. A retry with the
   * same clientId returns the comment already stored (`replayed`), never a second one.
   */
  async create(
    slug: string,
    input: CreateCommentRequest,
    user: User,
    socketId?: string,
  ): Promise<{ comment: Comment; replayed: boolean }> {
    // A retry of a stored post is answered before scoring or asking the hook (slow, and the hook
    // would hear of a post twice); without them the look inside the transaction is enough, and a
    // post saves a query.
    const replay =
      input.clientId && (this.toxicity.enabled || this.hook.enabled)
        ? await this.comments.findByClientId(user.id, input.clientId)
        : undefined;
    if (replay) return { comment: toComment(replay), replayed: true };

    const { settings, banned, suspect } = await this.settings.get();
    const newId = randomUUID();
    // Scored, and the hook asked, before the transaction takes its locks: a slow answer holds no row.
    const toxicity = await this.scoreText(input.body, user);
    let opinion: ModerationHookAnswer | null;
    try {
      nudge(toxicity?.score ?? null, settings, input.postAnyway === true);
      opinion = await this.askHookAboutPost(newId, slug, input, user, settings);
    } catch (error) {
      // A retry whose first try committed meanwhile gets that comment, not "repeated" or "too fast".
      const stored =
        error instanceof AppError && input.clientId
          ? await this.comments.findByClientId(user.id, input.clientId)
          : undefined;
      if (stored) return { comment: toComment(stored), replayed: true };
      throw error;
    }
    const posted = await this.transactions
      .run(
        { comments: this.comments, changes: this.changes },
        async ({ comments, changes }): Promise<Posted> => {
          const { author, story: story } = await comments.lockAuthorAndStory(user.id, slug);
          if (!story) throw new AppError('story/not_found', { slug });
          if (!author) throw new AppError('auth/unauthenticated');
          // A concurrent retry that waited for the lock behind the request that stored this draft:
          // answer with that comment rather than refusing it as too fast or repeated.
          const stored = input.clientId
            ? await comments.findByClientId(author.id, input.clientId)
            : undefined;
          if (stored) return { record: stored, replayed: true };
          const parent = input.parentId ? await comments.findById(input.parentId) : undefined;
          if (
            input.parentId &&
            (!parent || parent.storyId !== story.id || !isListed(parent) || parent.status === 'deleted')
          ) {
            throw new AppError('comment/invalid_parent');
          }
          const facts = await comments.postingFacts(author.id, input.body, settings.repeatWindowSeconds);
          refuse({
            author,
            story,
            lastPostAt: isStaff(author) ? null : facts.lastPostAt,
            repeated: facts.repeated,
            postIntervalSeconds: settings.postIntervalSeconds,
            now: facts.now,
          });
          const verdict = withHook(
            withOpinion(
              moderate({ body: input.body, author, story, banned, suspect }),
              toxicityAction(toxicity?.score ?? null, settings),
              'toxic',
            ),
            opinion,
          );
          const where = placement(parent, newId);
          const row = await comments.insertUnlessRetried({
            id: newId,
            storyId: story.id,
            ...where,
            authorId: author.id,
            body: input.body,
            status: verdict.status,
            flags: verdict.flags,
            matchedWords: verdict.matchedWords,
            ...hookColumns(opinion),
            ...toxicityColumns(toxicity),
            // Only a post the nudge would have stopped was "posted anyway".
            postedAnyway: input.postAnyway === true && overWarning(toxicity?.score ?? null, settings),
            clientId: input.clientId ?? null,
          });
          // A concurrent retry with the same clientId stored it first: answer with its comment.
          if (!row)
            return {
              record: (await comments.findByClientId(author.id, input.clientId!))!,
              replayed: true,
            };
          const record: CommentRecord = {
            ...row,
            authorUsername: author.username,
            authorDisplayName: author.displayName,
            authorRole: author.role,
          };
          // The log row, webhook event and a reply's notification commit with the comment.
          const recorded = await changes.record({
            cause: 'posted',
            before: null,
            after: record,
            actor: actorOf(author),
            socketId,
          });
          return { record, replayed: false, recorded };
        },
      )
      .catch((error: unknown) => {
        // The story went away under the insert (the comment's, or its counter's, reference to it;
        // not expected under the hold above, but a 500 would be the wrong answer).
        if (foreignKeyViolation(error)?.includes('story_id')) {
          throw new AppError('story/not_found', { slug });
        }
        throw error;
      });
    // Before the answer: the author's next read, on any node, must show it.
    if (!posted.replayed) await this.publisher.publish(posted.recorded);
    return { comment: toComment(posted.record), replayed: posted.replayed };
  }

  /**
   * Edits under the same locks as posting, author's row then comment's: a moderator's decision made
   * meanwhile is seen, never overwritten. An edit is screened as a post would be now (`screenEdit`).
   */
  async edit(id: string, body: string, user: User): Promise<Comment> {
    // Read before the transaction: on embedded PGlite a pool query inside it would wait forever.
    const own = await this.ownComment(id, user);
    const story = await this.stories.getById(own.storyId);
    const { settings, banned, suspect } = await this.settings.get();
    const asked = this.hook.enabled && !isStaff(user);
    // The new text is scored like a post (no nudge on an edit: it holds or rejects, as a post would be).
    const scored = this.toxicity.enabled && !isStaff(user);
    const toxicity = await this.scoreText(body, user);
    let opinion: ModerationHookAnswer | null = null;
    if (asked) {
      // Before the transaction and its locks; an edit that would be refused is not sent.
      refuseEdit(own, await this.comments.now(), settings);
      refuseAuthor(user, new Date());
      opinion = await this.hook.opinionOnEdit({
        comment: { id: own.id, parentId: own.parentId, createdAt: own.createdAt, body, status: own.status },
        author: user,
        story,
      });
    }
    const recorded = await this.transactions.run(
      { users: this.users, comments: this.comments, changes: this.changes },
      async ({ users, comments, changes }) => {
        const { author, record } = await this.lockOwn(users, comments, id, user);
        const now = await comments.now();
        refuseEdit(record, now, settings);
        refuseAuthor(author, now);
        const verdict = screenEditWithHook(
          screenEditWithOpinion(
            screenEdit({ body, author, story, current: record, banned, suspect }),
            record,
            toxicityAction(toxicity?.score ?? null, settings),
            'toxic',
          ),
          record,
          opinion,
        );
        await comments.update(record.id, {
          body,
          editedAt: now,
          // What the hook said of the old text no longer applies: its answer about the new one, or none.
          ...(asked && hookColumns(opinion)),
          // The old text's score no longer applies: the new one's, or none (a miss).
          ...(scored && toxicityColumns(toxicity)),
          ...(verdict && {
            status: verdict.status,
            flags: verdict.flags,
            matchedWords: verdict.matchedWords,
          }),
        });
        const after = (await comments.findById(record.id))!;
        // An edit the screen holds or rejects is logged and announced as a post would be.
        return changes.record({ cause: 'edited', before: record, after, actor: actorOf(author) });
      },
    );
    await this.publisher.publish(recorded);
    return toComment(recorded.change.after);
  }

  /**
   * The author deletes: a comment with replies stays as a placeholder so the thread keeps its shape.
   * A rejected comment stays: deleting it would erase the record of the moderator's decision.
   */
  async remove(id: string, user: User): Promise<void> {
    await this.ownComment(id, user);
    const recorded = await this.transactions.run(
      { users: this.users, comments: this.comments, changes: this.changes },
      async ({ users, comments, changes }) => {
        const { author, record } = await this.lockOwn(users, comments, id, user);
        if (record.status === 'deleted') return null;
        if (record.status === 'rejected') {
          throw new AppError(
            'comment/not_editable',
            { status: record.status },
            'A moderator rejected this comment; it stays on record and cannot be deleted.',
          );
        }
        await comments.update(record.id, { status: 'deleted', body: '', featured: false });
        const after = (await comments.findById(record.id))!;
        return changes.record({ cause: 'deleted', before: record, after, actor: actorOf(author) });
      },
    );
    if (recorded) await this.publisher.publish(recorded);
  }

  /**
   * The hook's opinion on a new comment, asked before the posting transaction: null without a hook,
   * for staff, and for a post the refusals would stop anyway (read here without locks; the
   * transaction checks again under them, and decides).
   */
  private async askHookAboutPost(
    id: string,
    slug: string,
    input: CreateCommentRequest,
    user: User,
    settings: Settings,
  ): Promise<ModerationHookAnswer | null> {
    if (!this.hook.enabled || isStaff(user)) return null;
    const story = await this.stories.getBySlug(slug);
    const facts = await this.comments.postingFacts(user.id, input.body, settings.repeatWindowSeconds);
    refuse({
      author: user,
      story,
      lastPostAt: facts.lastPostAt,
      repeated: facts.repeated,
      postIntervalSeconds: settings.postIntervalSeconds,
      now: facts.now,
    });
    return this.hook.opinionOnPost({
      comment: { id, body: input.body, parentId: input.parentId ?? null, createdAt: facts.now, status: null },
      author: user,
      story,
    });
  }

  /** The local toxicity score of a text (null: no model, staff, or a miss within the budget). */
  private async scoreText(body: string, user: User): Promise<ToxicityScore | null> {
    return this.toxicity.enabled && !isStaff(user) ? this.toxicity.score(body) : null;
  }

  /**
   * Locks the author's row, then the comment's: the order posting and decisions take them in, so
   * that no two of these transactions wait for each other in a circle.
   */
  private async lockOwn(
    users: UsersRepository,
    comments: CommentPostingRepository,
    id: string,
    user: User,
  ): Promise<{ author: User; record: CommentRecord }> {
    const author = await users.lockById(user.id);
    if (!author) throw new AppError('auth/unauthenticated');
    const record = await comments.lockById(id);
    if (!record) throw new AppError('comment/not_found');
    return { author, record };
  }

  private async ownComment(id: string, user: User): Promise<CommentRecord> {
    const record = await this.comments.findById(id);
    if (!record) throw new AppError('comment/not_found');
    if (record.authorId !== user.id) throw new AppError('comment/not_author');
    const status = effectiveStatus(user);
    if (status === 'banned') throw new AppError('auth/banned');
    return record;
  }
}
