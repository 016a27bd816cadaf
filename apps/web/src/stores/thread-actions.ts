import type { Comment, ReportRequest } from '@parley/shared';
import type { Ref } from 'vue';
import { commentsApi } from '../api/comments.js';
import { moderationApi, type Decision } from '../api/moderation.js';
import { currentSocketId } from '../api/socket.js';
import type { ThreadPlacement } from './thread-live.js';
import { asDeletedPlaceholder } from './thread-merge.js';

/** What the viewer's actions need beyond placement: the open article and the visible count. */
export interface ThreadActionsContext extends ThreadPlacement {
  slug: Readonly<Ref<string | null>>;
  adjustTotal(before: Comment | undefined, after: Comment | undefined): void;
}

/** The viewer's own actions on a thread: each calls the API, then puts the answer on screen. */
export function threadViewerActions({ tree, slug, upsert, remove, adjustTotal }: ThreadActionsContext) {
  /** Posts a comment; a held one shows to its author as awaiting moderation, a refused one is not added. */
  async function post(input: {
    body: string;
    parentId?: string;
    clientId: string;
    /** After the nudge (`comment/may_break_guidelines`): post it as it is. */
    postAnyway?: boolean;
  }): Promise<Comment> {
    if (!slug.value) throw new Error('No article is open.');
    const { comment } = await commentsApi.create(slug.value, input, currentSocketId());
    if (comment.status !== 'rejected') {
      upsert(comment, 'own', { forViewer: true });
      if (comment.parentId === null) tree.showAtTop(comment.id);
    }
    return comment;
  }

  async function edit(id: string, body: string): Promise<void> {
    upsert(await commentsApi.edit(id, body), 'own', { forViewer: true });
  }

  /** A deleted comment with replies stays as a placeholder; without, it leaves the screen. */
  async function deleteOwn(id: string): Promise<void> {
    await commentsApi.remove(id);
    const comment = tree.get(id);
    if (!comment) return;
    if (tree.hasReplies(id)) {
      const placeholder = asDeletedPlaceholder(comment);
      tree.set(placeholder);
      adjustTotal(comment, placeholder);
      return;
    }
    remove(id, 'own');
  }

  async function toggleLike(id: string): Promise<void> {
    const before = tree.get(id);
    if (!before) return;
    const liked = !before.viewerReacted;
    tree.set({
      ...before,
      viewerReacted: liked,
      reactions: { like: Math.max(0, before.reactions.like + (liked ? 1 : -1)) },
    });
    try {
      const answer = liked ? await commentsApi.like(id) : await commentsApi.unlike(id);
      const current = tree.get(id);
      if (current) tree.set({ ...current, reactions: answer.counts });
    } catch (caught) {
      const current = tree.get(id);
      if (current) tree.set({ ...current, viewerReacted: before.viewerReacted, reactions: before.reactions });
      throw caught;
    }
  }

  async function report(id: string, body: ReportRequest): Promise<void> {
    await commentsApi.report(id, body);
  }

  /** A staff decision from the thread: a rejected comment leaves, any other takes the answer's copy. */
  async function moderate(id: string, action: Decision): Promise<void> {
    const { comment } = await moderationApi.decide(id, action);
    if (action.kind === 'reject') {
      if (tree.get(id)) remove(id, 'own');
      return;
    }
    upsert(comment, 'own');
  }

  return { post, edit, deleteOwn, toggleLike, report, moderate };
}
