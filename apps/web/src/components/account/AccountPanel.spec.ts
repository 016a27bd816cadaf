import type { Me } from '@parley/shared';
import { createTestingPinia } from '@pinia/testing';
import { shallowMount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { me } from '../../testing/factories.js';
import AccountClaims from './AccountClaims.vue';
import AccountComments from './AccountComments.vue';
import AccountData from './AccountData.vue';
import AccountLanguage from './AccountLanguage.vue';
import AccountNotifications from './AccountNotifications.vue';
import AccountPanel from './AccountPanel.vue';
import AccountPassword from './AccountPassword.vue';
import AccountProfile from './AccountProfile.vue';
import AccountSessions from './AccountSessions.vue';

function render(viewer: Me | null) {
  return shallowMount(AccountPanel, {
    global: {
      plugins: [
        createTestingPinia({ createSpy: vi.fn, initialState: { session: { me: viewer, loaded: true } } }),
      ],
    },
  });
}

describe(AccountPanel.name ?? 'AccountPanel', () => {
  it('holds every part of the account, the password among them for a Parley password', () => {
    const sut = render(me({ signIn: 'password' }));

    for (const part of [
      AccountProfile,
      AccountLanguage,
      AccountClaims,
      AccountComments,
      AccountNotifications,
      AccountPassword,
      AccountSessions,
      AccountData,
    ])
      expect(sut.findComponent(part).exists()).toBe(true);
  });

  it('offers no password form to an account that signs in through the host site (SSO)', () => {
    const sut = render(me({ signIn: 'sso' }));

    expect(sut.findComponent(AccountPassword).exists()).toBe(false);
    expect(sut.findComponent(AccountData).exists()).toBe(true);
  });

  it('hands the account data part what to do once the account is deleted', () => {
    const afterDelete = vi.fn();
    const sut = shallowMount(AccountPanel, {
      props: { afterDelete },
      global: {
        plugins: [
          createTestingPinia({ createSpy: vi.fn, initialState: { session: { me: me(), loaded: true } } }),
        ],
      },
    });

    expect(sut.findComponent(AccountData).props('afterDelete')).toBe(afterDelete);
  });

  it('shows nothing to nobody', () => {
    expect(render(null).find('.account-panel').exists()).toBe(false);
  });
});
