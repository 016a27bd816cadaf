import { describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick } from 'vue';
import { testLocalization } from '../testing/localization.js';
import { formatRelative, TICK_MS, useRelativeTime } from './useRelativeTime.js';

const english = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const NOW = Date.parse('2030-06-15T12:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

describe(formatRelative.name, () => {
  it.each([
    [10, 'just now'],
    [50, 'just now'],
    [90, '1 minute ago'],
    [5 * 60, '5 minutes ago'],
    [3 * 3600, '3 hours ago'],
    [26 * 3600, 'yesterday'],
    [9 * 86400, 'last week'],
    [70 * 86400, '2 months ago'],
    [800 * 86400, '2 years ago'],
  ])('%i seconds ago reads "%s"', (seconds, expected) => {
    expect(formatRelative(ago(seconds), NOW, english)).toBe(expected);
  });

  it('treats a time slightly in the future (clock skew) as just now', () => {
    expect(formatRelative(ago(-20), NOW, english)).toBe('just now');
  });
});

describe(useRelativeTime.name, () => {
  it('updates as time passes, and stops ticking when nobody uses it', async () => {
    vi.useFakeTimers({ now: NOW });
    const localization = await testLocalization('en');
    const scope = effectScope();
    const sut = scope.run(() => useRelativeTime(ago(30), localization))!;
    expect(sut.relative.value).toBe('just now');

    vi.advanceTimersByTime(2 * TICK_MS);
    await nextTick();
    expect(sut.relative.value).not.toBe('just now');

    scope.stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();
  });

  it("speaks the localization's language, and follows it when it changes", async () => {
    vi.useFakeTimers({ now: NOW });
    const localization = await testLocalization('ru');
    const scope = effectScope();
    const sut = scope.run(() => useRelativeTime(ago(30), localization))!;
    const earlier = scope.run(() => useRelativeTime(ago(3 * 3600), localization))!;
    expect(sut.relative.value).toBe('только что');
    expect(earlier.relative.value).toBe('3 часа назад');

    await localization.setLocale('de');
    expect(sut.relative.value).toBe('gerade eben');
    expect(earlier.relative.value).toBe('vor 3 Stunden');
    scope.stop();
    vi.useRealTimers();
  });
});
