import { createTestingPinia } from '@pinia/testing';
import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { me } from '../../testing/factories.js';
import SessionMenu from './SessionMenu.vue';

function render(viewer = me({ displayName: 'Moderator', username: 'eve' })) {
  const pinia = createTestingPinia({
    createSpy: vi.fn,
    initialState: { session: { me: viewer, loaded: true } },
  });
  return mount(SessionMenu, { global: { plugins: [pinia] } });
}

describe('SessionMenu', () => {
  it('names the signed-in account by display name and username', () => {
    const sut = render();
    expect(sut.get('.who').text()).toMatch(/^Signed in as\s*Moderator\s*@eve$/);
    expect(sut.findAll('button').map((button) => button.text())).toContain('Sign out');
    expect(sut.find('[data-testid="notification-bell"]').exists()).toBe(true);
  });

  it('keeps the staff role beside the name', () => {
    const sut = render(me({ displayName: 'Maria', username: 'maria', role: 'moderator' }));
    expect(sut.get('.who').text()).toMatch(/^Signed in as\s*Maria\s*@maria\s*Moderator$/);
  });
});
