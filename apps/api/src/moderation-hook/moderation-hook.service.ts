import { Injectable } from '@nestjs/common';
import type { Comment, Story, User } from '@parley/db';
import { isStaff, type ModerationHookAnswer, type ModerationHookRequest } from '@parley/shared';
import { ModerationHookClient } from './moderation-hook.client.js';
import { ModerationHookRepository } from './moderation-hook.repository.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The comment the hook is asked about: a new one (status null) or an edit's new text. */
export interface HookSubject {
  comment: Pick<Comment, 'id' | 'parentId' | 'createdAt'> & {
    body: string;
    status: Comment['status'] | null;
  };
  author: User;
  story: Pick<Story, 'id' | 'url' | 'title'>;
}

/**
 * The external moderation hook as the posting service sees it: one question per new comment or
 * edit, asked before the posting transaction opens (never while it holds a lock), answered with the
 * hook's opinion or null. Without PARLEY_MODERATION_HOOK_URL nothing is read and nothing is sent.
 * Staff are not asked: the pipeline approves their comments without screening.
 */
@Injectable()
export class ModerationHookService {
  constructor(
    private readonly client: ModerationHookClient,
    private readonly facts: ModerationHookRepository,
  ) {}

  async opinionOnPost(subject: HookSubject): Promise<ModerationHookAnswer | null> {
    return this.ask('comment.created', subject);
  }

  async opinionOnEdit(subject: HookSubject): Promise<ModerationHookAnswer | null> {
    return this.ask('comment.edited', subject);
  }

  /** Whether edits and posts are asked about at all (an edit then records the new answer, or its absence). */
  get enabled(): boolean {
    return this.client.enabled;
  }

  private async ask(
    event: ModerationHookRequest['event'],
    { comment, author, story }: HookSubject,
  ): Promise<ModerationHookAnswer | null> {
    if (!this.client.enabled || isStaff(author)) return null;
    const counts = await this.facts.commentCounts(author.id);
    return this.client.ask({
      event,
      comment: {
        id: comment.id,
        body: comment.body,
        parentId: comment.parentId,
        createdAt: comment.createdAt.toISOString(),
        status: comment.status,
      },
      author: {
        id: author.id,
        role: author.role,
        accountAgeDays: Math.max(0, Math.floor((Date.now() - author.createdAt.getTime()) / DAY_MS)),
        comments: {
          published: counts.published,
          approved: counts.approved,
          pending: counts.pending,
          rejected: counts.rejected,
          deleted: counts.deleted,
        },
      },
      story: { id: story.id, url: story.url, title: story.title },
    });
  }
}
