import { FIELD_MESSAGES } from '@parley/shared/values';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/http.js';
import { moderationApi } from '../../api/moderation.js';
import ModerationToxicity from './ModerationToxicity.vue';

vi.mock('../../api/moderation.js', async (original) => ({
  ...(await original<object>()),
  moderationApi: { toxicitySettings: vi.fn(), saveToxicityThresholds: vi.fn() },
}));

async function render() {
  vi.mocked(moderationApi.toxicitySettings).mockResolvedValueOnce({
    warn: 0.6,
    hold: null,
    reject: null,
    model: null,
  });
  const sut = mount(ModerationToxicity, { attachTo: document.body });
  await flushPromises();
  return sut;
}

describe('ModerationToxicity', () => {
  enableAutoUnmount(afterEach);
  beforeEach(() => vi.clearAllMocks());

  it('puts a refused threshold’s message below it, described with its hint, and focuses it', async () => {
    const sut = await render();
    const [warn, hold] = sut.findAll('input');
    await hold!.setValue('1.5');
    vi.mocked(moderationApi.saveToxicityThresholds).mockRejectedValueOnce(
      new ApiError('request/invalid', `Invalid thresholds. hold: ${FIELD_MESSAGES.thresholdRange}`, 400, {
        hold: FIELD_MESSAGES.thresholdRange,
      }),
    );

    await sut.get('form').trigger('submit');
    await flushPromises();

    expect(moderationApi.saveToxicityThresholds).toHaveBeenCalledWith({ warn: 0.6, hold: 1.5, reject: null });
    expect(hold!.attributes('aria-invalid')).toBe('true');
    const described = hold!
      .attributes('aria-describedby')!
      .split(' ')
      .map((id) => sut.get(`[id="${id}"]`).text());
    expect(described).toEqual(['Shown as “Toxic (0.93)” on its card.', FIELD_MESSAGES.thresholdRange]);
    expect(document.activeElement).toBe(hold!.element);
    expect(warn!.attributes('aria-invalid')).toBeUndefined();
    expect(sut.find('[role="alert"]').exists()).toBe(false);
  });

  it('keeps a refusal naming no threshold above the status line, and says when saved', async () => {
    const sut = await render();
    vi.mocked(moderationApi.saveToxicityThresholds)
      .mockRejectedValueOnce(new ApiError('server/internal', 'Something went wrong on our side.', 500))
      .mockResolvedValueOnce({ warn: 0.6, hold: null, reject: null, model: null });

    await sut.get('form').trigger('submit');
    await flushPromises();
    expect(sut.get('[role="alert"]').text()).toBe('Something went wrong on our side.');
    expect(sut.find('[aria-invalid="true"]').exists()).toBe(false);

    await sut.get('form').trigger('submit');
    await flushPromises();
    expect(sut.find('[role="alert"]').exists()).toBe(false);
    expect(sut.get('[role="status"]').text()).toBe('Thresholds saved.');
  });
});
