import { createTestingPinia } from '@pinia/testing';
import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import SignInForm from './SignInForm.vue';

function render(props: { staff?: boolean } = {}) {
  return mount(SignInForm, { props, global: { plugins: [createTestingPinia({ createSpy: vi.fn })] } });
}

const buttons = (sut: ReturnType<typeof render>) => sut.findAll('button').map((button) => button.text());

describe('SignInForm', () => {
  it('invites a reader to join the discussion or create an account', () => {
    const sut = render();

    expect(sut.get('h3').text()).toBe('Sign in to join the discussion');
    expect(buttons(sut)).toContain('Create account');
  });

  it('on the moderation page asks for a staff account and offers no sign-up', () => {
    const sut = render({ staff: true });

    expect(sut.get('h3').text()).toBe('Sign in with your moderator or admin account');
    expect(buttons(sut)).toEqual(['Sign in']);
    expect(sut.text()).not.toMatch(/create account|join the discussion|display name/i);
  });
});
