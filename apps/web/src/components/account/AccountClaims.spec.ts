import { createTestingPinia } from '@pinia/testing';
import type { ImportClaim, Me } from '@parley/shared';
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { accountApi } from '../../api/account.js';
import { ApiError } from '../../api/http.js';
import { me, uuid } from '../../testing/factories.js';
import AccountClaims from './AccountClaims.vue';

vi.mock('../../api/account.js', async (original) => ({
  ...(await original<object>()),
  accountApi: { claims: vi.fn(), claim: vi.fn() },
}));

function offer(overrides: Partial<ImportClaim> = {}): ImportClaim {
  return {
    id: uuid(),
    source: 'disqus',
    displayName: 'Claire Source',
    commentCount: 2,
    firstCommentAt: '2021-03-01T09:00:00.000Z',
    lastCommentAt: '2021-03-02T09:00:00.000Z',
    ...overrides,
  };
}

function render(viewer: Me) {
  const pinia = createTestingPinia({
    createSpy: vi.fn,
    initialState: { session: { me: viewer, loaded: true } },
  });
  return mount(AccountClaims, { global: { plugins: [pinia] } });
}

const confirmedReader = () =>
  me({ displayName: 'Claire Now', email: 'claire@example.test', emailVerified: true });

describe('AccountClaims', () => {
  beforeEach(() => vi.mocked(accountApi.claims).mockReset());

  it('shows nothing and asks nothing while the address is unconfirmed', async () => {
    const sut = render(me({ email: 'claire@example.test', emailVerified: false }));
    await flushPromises();

    expect(accountApi.claims).not.toHaveBeenCalled();
    expect(sut.find('section').exists()).toBe(false);
  });

  it('claims only after the confirm step, then says how many comments moved', async () => {
    const one = offer();
    vi.mocked(accountApi.claims).mockResolvedValueOnce({ claims: [one] });
    vi.mocked(accountApi.claim).mockResolvedValueOnce({ claimed: 2 });
    const sut = render(confirmedReader());
    await flushPromises();
    expect(sut.get('.claim-text').text().replace(/\s+/g, ' ')).toContain(
      '2 comments from Disqus as “Claire Source”',
    );

    await sut.get('button[aria-label="Claim 2 comments from Disqus as Claire Source"]').trigger('click');
    expect(accountApi.claim).not.toHaveBeenCalled();
    expect(sut.get('[role="group"]').text()).toContain('Claire Now');
    await sut
      .findAll('button')
      .find((button) => button.text() === 'Yes, make them mine')!
      .trigger('click');
    await flushPromises();

    expect(accountApi.claim).toHaveBeenCalledWith(one.id);
    expect(sut.get('[role="status"]').text()).toBe('2 comments from Disqus now show under your name.');
    expect(sut.find('.claim').exists()).toBe(false);
    expect(sut.emitted('claimed')).toHaveLength(1);
  });

  it('says why a claim was refused and shows what is left to claim', async () => {
    const one = offer();
    vi.mocked(accountApi.claims)
      .mockResolvedValueOnce({ claims: [one] })
      .mockResolvedValueOnce({ claims: [] });
    vi.mocked(accountApi.claim).mockRejectedValueOnce(
      new ApiError('account/claim_used', 'These comments have been claimed already.', 409),
    );
    const sut = render(confirmedReader());
    await flushPromises();

    await sut.get('.claim button').trigger('click');
    await sut
      .findAll('button')
      .find((button) => button.text() === 'Yes, make them mine')!
      .trigger('click');
    await flushPromises();

    expect(sut.get('[role="alert"]').text()).toBe('These comments have been claimed already.');
    expect(sut.find('.claim').exists()).toBe(false);
  });
});
