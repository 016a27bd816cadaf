import type { Comment, Me } from '@parley/shared';
import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount, RouterLinkStub } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { COMMENT_LINKS, type CommentLinks } from '../../composables/useCommentLinks.js';
import { useSessionStore } from '../../stores/session.js';
import { useThreadStore } from '../../stores/thread.js';
import { comment, me as makeMe, user } from '../../testing/factories.js';
import CommentItem from './CommentItem.vue';

vi.mock('../../api/socket.js', () => ({ currentSocketId: () => undefined, reconnectSocket: vi.fn() }));

const ROUTER_LINKS: Partial<CommentLinks> = { link: RouterLinkStub, focusFallback: () => null };

function render(
  target: Comment,
  options: { viewer?: Me | null; replies?: Comment[]; links?: Partial<CommentLinks> | null } = {},
) {
  const pinia = createTestingPinia({
    createSpy: vi.fn,
    initialState: { session: { me: options.viewer ?? null, loaded: true }, thread: { slug: 'an-article' } },
  });
  const thread = useThreadStore();
  const all = new Map([target, ...(options.replies ?? [])].map((item) => [item.id, item]));
  vi.mocked(thread.comment).mockImplementation((id) => all.get(id));
  vi.mocked(thread.replyIds).mockImplementation((id) =>
    (options.replies ?? []).filter((item) => item.parentId === id).map((item) => item.id),
  );
  vi.mocked(thread.moreReplies).mockReturnValue(0);
  vi.mocked(thread.viewDepth).mockImplementation((item) => item.depth);
  vi.mocked(thread.isMine).mockImplementation(
    (item) => !!options.viewer && item.author?.id === options.viewer.id,
  );
  vi.mocked(thread.isFlashing).mockReturnValue(false);
  const wrapper = mount(CommentItem, {
    props: { id: target.id },
    attachTo: document.body,
    global: {
      plugins: [pinia],
      provide: options.links === null ? {} : { [COMMENT_LINKS]: options.links ?? ROUTER_LINKS },
    },
  });
  return { wrapper, thread, session: useSessionStore() };
}

describe('CommentItem', () => {
  it('is an article named after its author, with a permalink, like count and reply', () => {
    const target = comment({ author: user({ displayName: 'Ada' }), reactions: { like: 4 } });
    const { wrapper } = render(target);

    const article = wrapper.find('article');
    expect(article.attributes('aria-label')).toBe('Comment by Ada');
    expect(article.attributes('id')).toBe(`comment-${target.id}`);
    expect(wrapper.findComponent(RouterLinkStub).props('to')).toBe(
      `/stories/an-article?comment=${target.id}`,
    );
    const like = wrapper.find('button[aria-pressed]');
    expect(like.attributes('aria-pressed')).toBe('false');
    expect(like.text()).toContain('4');
    // The count shows as a number; screen readers hear it as words.
    expect(like.find('.like-count [aria-hidden]').text()).toBe('4');
    expect(like.find('.like-count .visually-hidden').text()).toBe('4 likes');
  });

  it('shows no like count until there is one', () => {
    const { wrapper } = render(comment({ reactions: { like: 0 } }));

    const like = wrapper.get('button[aria-pressed]');
    expect(like.text()).toMatch(/Like$/);
    expect(like.find('.like-count').exists()).toBe(false);
  });

  it('shows the username beside the display name, which alone names the comment and its controls', () => {
    const target = comment({ author: user({ displayName: 'Moderator', username: 'eve' }) });
    const { wrapper } = render(target);

    // The generated avatar's letters ("M") come first, hidden from screen readers.
    expect(wrapper.get('.comment-head').text()).toMatch(/^−\s*M\s*Moderator\s*@eve/);
    expect(wrapper.get('.user-avatar').attributes('aria-hidden')).toBe('true');
    expect(wrapper.get('.user-handle').text()).toBe('@eve');
    expect(wrapper.find('.badge-staff').exists()).toBe(false);
    expect(wrapper.get('article').attributes('aria-label')).toBe('Comment by Moderator');
    expect(wrapper.get('button.collapse').attributes('aria-label')).toBe('Collapse thread of Moderator');
    expect(wrapper.get('.report-dialog h3').text()).toMatch(/^Report comment by Moderator\s*@eve$/);
  });

  it('shows staff, featured and edited markers', () => {
    const target = comment({
      author: user({ role: 'moderator' }),
      featured: true,
      editedAt: '2030-01-01T12:05:00.000Z',
    });
    const { wrapper } = render(target);

    expect(wrapper.text()).toContain('Moderator');
    expect(wrapper.text()).toContain('Featured');
    expect(wrapper.text()).toContain('(edited)');
  });

  it('offers edit and delete to the author, report to others', () => {
    const viewer = makeMe();
    const mine = render(comment({ author: viewer }), { viewer });
    const buttons = mine.wrapper.findAll('button').map((button) => button.text());
    expect(buttons).toEqual(expect.arrayContaining(['Edit', 'Delete']));
    expect(buttons).not.toContain('Report');

    const theirs = render(comment(), { viewer });
    expect(theirs.wrapper.findAll('button').map((button) => button.text())).toContain('Report');
  });

  it('asks a signed-out reader to sign in instead of liking', async () => {
    const { wrapper, thread, session } = render(comment());

    await wrapper.find('button[aria-pressed]').trigger('click');

    expect(session.promptSignIn).toHaveBeenCalled();
    expect(thread.toggleLike).not.toHaveBeenCalled();
  });

  it('shows a held comment as awaiting moderation to its author', () => {
    const viewer = makeMe();
    const { wrapper } = render(comment({ author: viewer, status: 'pending' }), { viewer });
    expect(wrapper.text()).toContain('Awaiting moderation');
  });

  it('renders a deleted placeholder with its replies', () => {
    const placeholder = comment({ author: null, status: 'deleted', body: '', replyCount: 1 });
    const answer = comment({ parentId: placeholder.id, depth: 1, author: user({ displayName: 'Bo' }) });
    const { wrapper } = render(placeholder, { replies: [answer] });

    expect(wrapper.find('article').attributes('aria-label')).toBe('Deleted comment');
    expect(wrapper.text()).toContain('This comment was deleted.');
    expect(wrapper.findAll('article')[1]!.attributes('aria-label')).toBe('Comment by Bo');
  });

  it('collapses and expands its thread', async () => {
    const target = comment({ author: user({ displayName: 'Ada' }) });
    const { wrapper } = render(target);
    const toggle = wrapper.find('button.collapse');

    await toggle.trigger('click');

    expect(toggle.attributes('aria-expanded')).toBe('false');
    expect(toggle.attributes('aria-label')).toBe('Expand thread of Ada');
  });

  it('links with a plain anchor where no page provides a router (the embed)', () => {
    const target = comment();
    const { wrapper } = render(target, { links: null });

    expect(wrapper.get('a.comment-time').attributes('href')).toBe(`/stories/an-article?comment=${target.id}`);
  });

  it('edits in place and closes the form once saved', async () => {
    const viewer = makeMe();
    const target = comment({ author: viewer, body: 'first draft' });
    const { wrapper, thread } = render(target, { viewer });

    await wrapper
      .findAll('button')
      .find((button) => button.text() === 'Edit')!
      .trigger('click');
    const box = wrapper.get('textarea');
    expect((box.element as HTMLTextAreaElement).value).toBe('first draft');
    await box.setValue('second thoughts');
    await wrapper.get('form.comment-edit').trigger('submit');
    await flushPromises();

    expect(thread.edit).toHaveBeenCalledWith(target.id, 'second thoughts');
    expect(wrapper.find('form.comment-edit').exists()).toBe(false);
  });

  it('keeps the form open and says why when an edit fails', async () => {
    const viewer = makeMe();
    const target = comment({ author: viewer });
    const { wrapper, thread } = render(target, { viewer });
    vi.mocked(thread.edit).mockRejectedValueOnce(new Error('The edit window has closed.'));

    await wrapper
      .findAll('button')
      .find((button) => button.text() === 'Edit')!
      .trigger('click');
    await wrapper.get('form.comment-edit').trigger('submit');
    await flushPromises();

    expect(wrapper.find('form.comment-edit').exists()).toBe(true);
    expect(wrapper.get('[role="alert"]').text()).toBe('The edit window has closed.');
  });

  it('asks before deleting, then keeps keyboard focus on the comment', async () => {
    const viewer = makeMe();
    const target = comment({ author: viewer });
    const { wrapper, thread } = render(target, { viewer });
    const button = (name: string) => wrapper.findAll('button').find((found) => found.text() === name)!;

    await button('Delete').trigger('click');
    expect(wrapper.get('[role="group"]').attributes('aria-label')).toBe('Confirm delete');
    await button('Yes, delete').trigger('click');
    await flushPromises();

    expect(thread.deleteOwn).toHaveBeenCalledWith(target.id);
    expect(wrapper.find('[aria-label="Confirm delete"]').exists()).toBe(false);
    expect(document.activeElement).toBe(wrapper.get('article').element);
    wrapper.unmount();
  });
});
