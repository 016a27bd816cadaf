import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { useThreadStore } from '../../stores/thread.js';
import CommentReportDialog from './CommentReportDialog.vue';

vi.mock('../../api/socket.js', () => ({ currentSocketId: () => undefined, reconnectSocket: vi.fn() }));

function render() {
  const pinia = createTestingPinia({ createSpy: vi.fn });
  const sut = mount(CommentReportDialog, {
    props: { commentId: 'c1', authorName: 'Ada' },
    global: { plugins: [pinia] },
  });
  return { sut, thread: useThreadStore() };
}

describe('CommentReportDialog', () => {
  it('preselects no reason and keeps Send disabled until the reader picks one', async () => {
    const { sut, thread } = render();
    const send = sut.get('button[type="submit"]');

    expect(
      sut.findAll('input[type="radio"]').some((radio) => (radio.element as HTMLInputElement).checked),
    ).toBe(false);
    expect(send.attributes('disabled')).toBeDefined();

    await sut.get('input[value="abuse"]').setValue(true);
    expect(send.attributes('disabled')).toBeUndefined();
    await sut.get('form').trigger('submit');
    await flushPromises();
    expect(thread.report).toHaveBeenCalledWith('c1', { reason: 'abuse', note: undefined });
  });
});
