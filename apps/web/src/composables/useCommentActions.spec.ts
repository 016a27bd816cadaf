import type { Me } from '@parley/shared';
import { createTestingPinia } from '@pinia/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from 'vue';
import { useSessionStore } from '../stores/session.js';
import { useThreadStore } from '../stores/thread.js';
import { me } from '../testing/factories.js';
import { testLocalization } from '../testing/localization.js';
import { useCommentActions as useCommentActionsInApp } from './useCommentActions.js';

const app = createApp({}).use(await testLocalization('en'));
/** The composable as a component in an English app would use it. */
const useCommentActions: typeof useCommentActionsInApp = (...args) =>
  app.runWithContext(() => useCommentActionsInApp(...args));

vi.mock('../api/socket.js', () => ({ currentSocketId: () => undefined, reconnectSocket: vi.fn() }));

function setup(viewer: Me | null = me()) {
  createTestingPinia({ createSpy: vi.fn, initialState: { session: { me: viewer, loaded: true } } });
  return { thread: useThreadStore(), session: useSessionStore() };
}

describe(useCommentActionsInApp.name, () => {
  beforeEach(() => vi.clearAllMocks());

  it('asks a visitor to sign in rather than like, reply or report', () => {
    const { thread, session } = setup(null);
    const sut = useCommentActions('c1');

    sut.like();
    expect(sut.canReply()).toBe(false);
    expect(sut.canReport()).toBe(false);

    expect(thread.toggleLike).not.toHaveBeenCalled();
    expect(vi.mocked(session.promptSignIn).mock.calls).toEqual([
      ['Sign in to react to comments.'],
      ['Sign in to reply.'],
      ['Sign in to report comments.'],
    ]);
  });

  it('shares one busy state between the actions of a comment', async () => {
    const { thread } = setup();
    let finish!: () => void;
    vi.mocked(thread.toggleLike).mockReturnValueOnce(new Promise<void>((resolve) => (finish = resolve)));
    const sut = useCommentActions(() => 'c1');

    sut.like();
    expect(sut.busy.value).toBe(true);
    await expect(sut.edit('too soon')).resolves.toBe(false);
    expect(thread.edit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(sut.busy.value).toBe(false));

    await expect(sut.edit('now')).resolves.toBe(true);
    expect(thread.edit).toHaveBeenCalledWith('c1', 'now');
  });

  it('reports a failure, and clears the thank-you notice at the next action', async () => {
    const { thread } = setup();
    const sut = useCommentActions('c1');
    sut.reported();
    expect(sut.notice.value).toBe('Thanks for the report. A moderator will take a look.');
    vi.mocked(thread.deleteOwn).mockRejectedValueOnce(new Error('Too late to delete.'));

    await expect(sut.remove()).resolves.toBe(false);

    expect(sut.notice.value).toBeNull();
    expect(sut.error.value).toBe('Too late to delete.');
  });

  it('calls removed only once the delete succeeded', async () => {
    const { thread } = setup();
    const removed = vi.fn();
    const sut = useCommentActions('c1', { removed });
    vi.mocked(thread.deleteOwn).mockRejectedValueOnce(new Error('Network down.'));

    await sut.remove();
    expect(removed).not.toHaveBeenCalled();
    await sut.remove();
    expect(removed).toHaveBeenCalledOnce();
    expect(thread.deleteOwn).toHaveBeenLastCalledWith('c1');
  });
});
