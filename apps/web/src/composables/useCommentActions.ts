import { ref, toValue, type MaybeRefOrGetter } from 'vue';
import { useLocalization } from '../i18n/localization.js';
import { useSessionStore } from '../stores/session.js';
import { useThreadStore } from '../stores/thread.js';
import { useAsyncAction } from './useAsyncAction.js';

/**
 * What a reader can do to one comment (like, reply, edit, delete, report), with one busy and error
 * state for all of them, so a pending like also holds back an edit. Actions that need an account
 * ask the visitor to sign in instead. The comment's `CommentItem` owns one and hands it to its parts.
 */
export function useCommentActions(
  id: MaybeRefOrGetter<string>,
  options: {
    /** After the viewer deleted the comment; runs even when its component is already gone. */
    removed?: () => void;
  } = {},
) {
  const thread = useThreadStore();
  const session = useSessionStore();
  const { t } = useLocalization();
  const { busy, error, run } = useAsyncAction();
  /** A confirmation to show after an action, e.g. that a report was received. */
  const notice = ref<string | null>(null);

  /** True when there is a signed-in viewer; otherwise prompts them to sign in, with the reason. */
  function signedIn(reason: string): boolean {
    if (session.me) return true;
    session.promptSignIn(reason);
    return false;
  }

  /** Runs a change to the comment; true when it succeeded. */
  async function act(change: () => Promise<unknown>): Promise<boolean> {
    notice.value = null;
    return (await run(change)).status === 'done';
  }

  function like(): void {
    if (signedIn(t('comments.signIn.react'))) void act(() => thread.toggleLike(toValue(id)));
  }

  return {
    busy,
    error,
    notice,
    like,
    /** True when the viewer may open the reply composer. */
    canReply: () => signedIn(t('comments.signIn.reply')),
    /** True when the viewer may open the report dialog. */
    canReport: () => signedIn(t('comments.signIn.report')),
    reported: () => void (notice.value = t('comments.reported')),
    edit: (body: string) => act(() => thread.edit(toValue(id), body)),
    remove: async () => {
      const done = await act(() => thread.deleteOwn(toValue(id)));
      if (done) options.removed?.();
      return done;
    },
  };
}

export type CommentActions = ReturnType<typeof useCommentActions>;
