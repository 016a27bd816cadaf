import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/http.js';
import { useThreadStore } from '../../stores/thread.js';
import { comment } from '../../testing/factories.js';
import CommentComposer from './CommentComposer.vue';

vi.mock('../../api/socket.js', () => ({ currentSocketId: () => undefined, reconnectSocket: vi.fn() }));

describe('CommentComposer', () => {
  it('announces a held post without showing a second notice beside the comment’s own', async () => {
    const held = comment({ status: 'pending' });
    const pinia = createTestingPinia({ createSpy: vi.fn, initialState: { thread: { slug: 'a-story' } } });
    const thread = useThreadStore();
    vi.mocked(thread.post).mockResolvedValue(held);
    vi.mocked(thread.comment).mockReturnValue(held);
    const sut = mount(CommentComposer, { props: { slug: 'a-story' }, global: { plugins: [pinia] } });

    await sut.get('textarea').setValue('Held for a look');
    await sut.get('form').trigger('submit');
    await flushPromises();

    const status = sut.get('[role="status"]');
    expect(status.text()).toMatch(/awaiting moderation/);
    // The comment itself shows "Awaiting moderation"; the composer's line is for screen readers only.
    expect(status.classes()).toContain('visually-hidden');
  });

  it('says what is wrong with the text under the box, marking it invalid, without the API’s prefix', async () => {
    const pinia = createTestingPinia({ createSpy: vi.fn, initialState: { thread: { slug: 'a-story' } } });
    const thread = useThreadStore();
    vi.mocked(thread.post).mockRejectedValue(
      new ApiError('request/invalid', 'Invalid request. body: Keep it under 10,000 characters.', 400, {
        body: 'Keep it under 10,000 characters.',
      }),
    );
    const sut = mount(CommentComposer, { props: { slug: 'a-story' }, global: { plugins: [pinia] } });

    await sut.get('textarea').setValue('Some text');
    await sut.get('form').trigger('submit');
    await flushPromises();

    expect(sut.get('[role="alert"]').text()).toBe('Keep it under 10,000 characters.');
    expect(sut.get('textarea').attributes('aria-invalid')).toBe('true');
  });

  it('nudges before posting: nothing is shown as failed, and "Post anyway" sends it again with the flag', async () => {
    const posted = comment({ status: 'published' });
    const pinia = createTestingPinia({ createSpy: vi.fn, initialState: { thread: { slug: 'a-story' } } });
    const thread = useThreadStore();
    const warning = 'This comment may break the community guidelines. You can edit it, or post it anyway.';
    vi.mocked(thread.post)
      .mockRejectedValueOnce(
        new ApiError('comment/may_break_guidelines', warning, 422, undefined, { score: 0.93 }),
      )
      .mockResolvedValueOnce(posted);
    const sut = mount(CommentComposer, { props: { slug: 'a-story' }, global: { plugins: [pinia] } });

    await sut.get('textarea').setValue('This is stupid');
    await sut.get('form').trigger('submit');
    await flushPromises();

    const dialog = sut.get('dialog');
    expect(dialog.text()).toContain(warning);
    expect(sut.find('[role="alert"]').exists()).toBe(false);
    await dialog.get('button.button-quiet').trigger('click');
    await flushPromises();

    expect(vi.mocked(thread.post).mock.calls.map(([input]) => input.postAnyway)).toEqual([undefined, true]);
    expect(sut.emitted('posted')).toEqual([[posted]]);
  });
});
