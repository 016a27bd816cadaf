import { createTestingPinia } from '@pinia/testing';
import { LOCALES, LOCALE_NAMES } from '@parley/shared/i18n';
import type { Me } from '@parley/shared';
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { accountApi } from '../../api/account.js';
import { ApiError } from '../../api/http.js';
import { me } from '../../testing/factories.js';
import { testLocalization } from '../../testing/localization.js';
import { useSessionStore } from '../../stores/session.js';
import AccountLanguage from './AccountLanguage.vue';

vi.mock('../../api/account.js', async (original) => ({
  ...(await original<object>()),
  accountApi: { updateMe: vi.fn() },
}));

async function render(viewer: Me) {
  const pinia = createTestingPinia({
    createSpy: vi.fn,
    initialState: { session: { me: viewer, loaded: true } },
  });
  const localization = await testLocalization('en');
  const sut = mount(AccountLanguage, { global: { plugins: [pinia, localization] } });
  return { sut, localization, session: useSessionStore(pinia) };
}

describe('AccountLanguage', () => {
  beforeEach(() => vi.mocked(accountApi.updateMe).mockReset());

  it('names every language in itself, with its own lang, and shows the saved one', async () => {
    const { sut } = await render(me({ locale: 'uk' }));

    const options = sut.findAll('option');
    expect(options.map((option) => option.text())).toEqual(LOCALES.map((locale) => LOCALE_NAMES[locale]));
    expect(options.map((option) => option.attributes('lang'))).toEqual([...LOCALES]);
    expect((sut.find('select').element as HTMLSelectElement).value).toBe('uk');
    expect(sut.find('select').attributes('aria-label') ?? sut.find('label').text()).toContain('Language');
  });

  it('saves a choice at once and switches the page to it', async () => {
    const { sut, localization, session } = await render(me());
    vi.mocked(accountApi.updateMe).mockResolvedValueOnce(me({ locale: 'ru' }));

    await sut.find('select').setValue('ru');
    await flushPromises();

    expect(accountApi.updateMe).toHaveBeenCalledWith({ locale: 'ru' });
    expect(session.me?.locale).toBe('ru');
    expect(localization.locale.value).toBe('ru');
  });

  it('keeps the language and says why when saving fails', async () => {
    const { sut, localization } = await render(me());
    vi.mocked(accountApi.updateMe).mockRejectedValueOnce(
      new ApiError('network', 'Could not reach the server.', 0),
    );

    await sut.find('select').setValue('de');
    await flushPromises();

    expect(localization.locale.value).toBe('en');
    expect(sut.find('[role="alert"]').text()).toBe('Could not reach the server.');
  });
});
