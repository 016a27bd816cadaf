import { FIELD_MESSAGES } from '@parley/shared/values';
import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { Plugin } from 'vue';
import { ApiError } from '../../api/http.js';
import { testLocalization } from '../../testing/localization.js';
import { useSessionStore } from '../../stores/session.js';
import SignInForm from './SignInForm.vue';

function render(props: { staff?: boolean } = {}, plugins: Plugin[] = []) {
  const pinia = createTestingPinia({
    createSpy: vi.fn,
    initialState: { session: { me: null, loaded: true } },
  });
  const sut = mount(SignInForm, { props, global: { plugins: [pinia, ...plugins] }, attachTo: document.body });
  return { sut, session: useSessionStore() };
}

/** The text of the element(s) an input's aria-describedby names. */
function description(sut: ReturnType<typeof render>['sut'], name: string): string {
  const ids = sut.get(`input[name="${name}"]`).attributes('aria-describedby') ?? '';
  return ids
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
    .join(' ');
}

const buttons = (sut: ReturnType<typeof render>['sut']) =>
  sut.findAll('button').map((button) => button.text());

describe('SignInForm', () => {
  it('invites a reader to join the discussion or create an account', () => {
    const { sut } = render();

    expect(sut.get('h3').text()).toBe('Sign in to join the discussion');
    expect(buttons(sut)).toContain('Create account');
    sut.unmount();
  });

  it('on the moderation page asks for a staff account and offers no sign-up', () => {
    const { sut } = render({ staff: true });

    expect(sut.get('h3').text()).toBe('Sign in with your moderator or admin account');
    expect(buttons(sut)).toEqual(['Sign in']);
    expect(sut.text()).not.toMatch(/create account|join the discussion|display name/i);
    sut.unmount();
  });

  it('puts the API’s sentence for the password beside the password field, not on the form', async () => {
    const { sut, session } = render();
    vi.mocked(session.register).mockRejectedValue(
      new ApiError('request/invalid', 'Invalid request. password: Use at least 8 characters.', 400, {
        password: 'Use at least 8 characters.',
      }),
    );

    await sut.get('input[name="username"]').setValue('ana');
    await sut.get('input[name="password"]').setValue('short');
    await sut
      .findAll('button')
      .find((button) => button.text() === 'Create account')!
      .trigger('click');
    await flushPromises();

    expect(sut.get('input[name="password"]').attributes('aria-invalid')).toBe('true');
    expect(description(sut, 'password')).toBe('Use at least 8 characters.');
    expect(sut.get('input[name="username"]').attributes('aria-invalid')).toBeUndefined();
    expect(sut.find('[role="alert"]').exists()).toBe(false);
    expect(sut.text()).not.toContain('Invalid request');
    sut.unmount();
  });

  it('asks for each empty field beside it without calling the API', async () => {
    const { sut, session } = render();

    await sut.get('form').trigger('submit');

    expect(description(sut, 'username')).toBe(FIELD_MESSAGES.usernameRequired);
    expect(description(sut, 'password')).toBe(FIELD_MESSAGES.passwordRequired);
    expect(session.signIn).not.toHaveBeenCalled();
    sut.unmount();
  });

  it('asks for the empty fields in the page’s language: German on a German page', async () => {
    const { sut, session } = render({}, [await testLocalization('de')]);

    await sut.get('input[name="password"]').setValue('whatever-1');
    await sut.get('form').trigger('submit');

    expect(sut.get('h3').text()).not.toBe('Sign in to join the discussion');
    expect(description(sut, 'username')).toBe('Geben Sie Ihren Benutzernamen ein.');
    expect(sut.get('input[name="password"]').attributes('aria-invalid')).toBeUndefined();
    expect(session.signIn).not.toHaveBeenCalled();
    sut.unmount();
  });

  it('keeps a failure with no field (a wrong password) on the form', async () => {
    const { sut, session } = render();
    vi.mocked(session.signIn).mockRejectedValue(
      new ApiError('auth/invalid_credentials', 'Wrong username or password.', 401),
    );

    await sut.get('input[name="username"]').setValue('ana');
    await sut.get('input[name="password"]').setValue('whatever-1');
    await sut.get('form').trigger('submit');
    await flushPromises();

    expect(sut.get('[role="alert"]').text()).toBe('Wrong username or password.');
    sut.unmount();
  });
});
