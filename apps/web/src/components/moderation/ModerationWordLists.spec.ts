import { FIELD_MESSAGES } from '@parley/shared/values';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/http.js';
import { moderationApi } from '../../api/moderation.js';
import ModerationWordLists from './ModerationWordLists.vue';

vi.mock('../../api/moderation.js', async (original) => ({
  ...(await original<object>()),
  moderationApi: { wordLists: vi.fn(), saveWordLists: vi.fn() },
}));

async function render() {
  vi.mocked(moderationApi.wordLists).mockResolvedValueOnce({ banned: ['spam'], suspect: [] });
  const sut = mount(ModerationWordLists, { attachTo: document.body });
  await flushPromises();
  return sut;
}

/** The text a field's aria-describedby points at, each id in turn. */
function description(sut: Awaited<ReturnType<typeof render>>, selector: string): string[] {
  return sut
    .get(selector)
    .attributes('aria-describedby')!
    .split(' ')
    .map((id) => sut.get(`[id="${id}"]`).text());
}

describe('ModerationWordLists', () => {
  enableAutoUnmount(afterEach);
  beforeEach(() => vi.clearAllMocks());

  it('puts a refused entry beside its list, naming the line it is on, and focuses the list', async () => {
    const sut = await render();
    const banned = sut.findAll('textarea')[0]!;
    await banned.setValue(`spam\n\nscam\n${'x'.repeat(101)}`);
    vi.mocked(moderationApi.saveWordLists).mockRejectedValueOnce(
      new ApiError('request/invalid', 'Invalid word lists.', 400, {
        // The third word sent (blank lines are not sent) is on the fourth line.
        'banned.2': FIELD_MESSAGES.wordEntryTooLong(100),
      }),
    );

    await sut.get('form').trigger('submit');
    await flushPromises();

    expect(moderationApi.saveWordLists).toHaveBeenCalledWith({
      banned: ['spam', 'scam', 'x'.repeat(101)],
      suspect: [],
    });
    expect(banned.attributes('aria-invalid')).toBe('true');
    expect(description(sut, 'textarea')).toEqual([
      'Rejected at once, with no review.',
      'Line 4: Keep each entry to 100 characters or fewer.',
    ]);
    expect(document.activeElement).toBe(banned.element);
    expect(sut.findAll('textarea')[1]!.attributes('aria-invalid')).toBeUndefined();
    expect(sut.find('[role="alert"]').exists()).toBe(false);
  });

  it('puts a message about a whole list beside it, and one naming no list above the button', async () => {
    const sut = await render();
    vi.mocked(moderationApi.saveWordLists)
      .mockRejectedValueOnce(
        new ApiError('request/invalid', 'Invalid word lists.', 400, {
          suspect: FIELD_MESSAGES.atMostEntries(5000),
        }),
      )
      .mockRejectedValueOnce(new ApiError('auth/forbidden', 'Only admins can change the word lists.', 403));

    await sut.get('form').trigger('submit');
    await flushPromises();
    const suspect = sut.findAll('textarea')[1]!;
    expect(suspect.attributes('aria-invalid')).toBe('true');
    expect(description(sut, `[id="${suspect.attributes('id')}"]`)[1]).toBe(
      FIELD_MESSAGES.atMostEntries(5000),
    );

    await sut.get('form').trigger('submit');
    await flushPromises();
    expect(sut.find('[aria-invalid="true"]').exists()).toBe(false);
    expect(sut.get('[role="alert"]').text()).toBe('Only admins can change the word lists.');
  });
});
