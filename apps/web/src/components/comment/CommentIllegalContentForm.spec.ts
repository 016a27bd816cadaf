import { FIELD_MESSAGES } from '@parley/shared/values';
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { dsaApi } from '../../api/dsa.js';
import { ApiError } from '../../api/http.js';
import CommentIllegalContentForm from './CommentIllegalContentForm.vue';

vi.mock('../../api/dsa.js', () => ({
  dsaApi: { file: vi.fn() },
  appealUrl: (id: string, token?: string) => `/appeal/${id}?token=${token}`,
}));

describe('CommentIllegalContentForm', () => {
  it('needs a name and email except for child sexual abuse material, and the good-faith statement', async () => {
    const sut = mount(CommentIllegalContentForm, { props: { commentId: 'c1' } });
    const send = () => sut.get('button[type="submit"]').attributes('disabled');

    await sut.get('select').setValue('defamation');
    await sut.get('textarea').setValue('It names a private person and accuses them of theft.');
    await sut.get('input[type="checkbox"]').setValue(true);
    expect(send()).toBeDefined();
    expect(sut.text()).not.toContain('(optional)');

    await sut.get('select').setValue('child_sexual_abuse_material');
    expect(sut.text()).toContain('Your name (optional)');
    expect(send()).toBeUndefined();
    await sut.get('input[type="checkbox"]').setValue(false);
    expect(send()).toBeDefined();
  });

  it('sends the notice and shows its reference and the appeal link', async () => {
    vi.mocked(dsaApi.file).mockResolvedValue({
      id: 'n1',
      status: 'received',
      receivedAt: '2026-12-07T10:00:00.000Z',
      appealToken: 'secret-token',
      acknowledgementMailed: true,
    });
    const sut = mount(CommentIllegalContentForm, { props: { commentId: 'c1' } });
    await sut.get('select').setValue('defamation');
    await sut.get('textarea').setValue('It is defamatory.');
    await sut.get('input[type="text"]').setValue('Ana');
    await sut.get('input[type="email"]').setValue('ana@example.org');
    await sut.get('input[type="checkbox"]').setValue(true);
    await sut.get('form').trigger('submit');
    await flushPromises();

    expect(dsaApi.file).toHaveBeenCalledWith({
      commentId: 'c1',
      category: 'defamation',
      explanation: 'It is defamatory.',
      name: 'Ana',
      email: 'ana@example.org',
      goodFaith: true,
    });
    expect(sut.get('[role="status"]').text()).toContain('n1');
    expect(sut.get('a').attributes('href')).toBe('/appeal/n1?token=secret-token');
  });

  it('puts the server’s refusal of the email beside that field and focuses it', async () => {
    vi.mocked(dsaApi.file).mockRejectedValue(
      new ApiError('request/invalid', `Invalid request. email: ${FIELD_MESSAGES.email}`, 400, {
        email: FIELD_MESSAGES.email,
      }),
    );
    const sut = mount(CommentIllegalContentForm, { props: { commentId: 'c1' }, attachTo: document.body });
    await sut.get('select').setValue('defamation');
    await sut.get('textarea').setValue('It is defamatory.');
    await sut.get('input[type="text"]').setValue('Ana');
    await sut.get('input[type="email"]').setValue('ana@');
    await sut.get('input[type="checkbox"]').setValue(true);
    await sut.get('form').trigger('submit');
    await flushPromises();

    const email = sut.get('input[type="email"]');
    expect(email.attributes('aria-invalid')).toBe('true');
    expect(document.getElementById(email.attributes('aria-describedby')!)?.textContent).toBe(
      FIELD_MESSAGES.email,
    );
    expect(document.activeElement).toBe(email.element);
    expect(sut.find('[role="alert"]').exists()).toBe(false);
    expect(sut.get('input[type="text"]').attributes('aria-invalid')).toBeUndefined();
    sut.unmount();
  });
});
