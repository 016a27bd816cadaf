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
});
