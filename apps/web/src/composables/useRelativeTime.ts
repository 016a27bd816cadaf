import { computed, getCurrentScope, onScopeDispose, ref, toValue, type MaybeRefOrGetter } from 'vue';
import { useLocalization, type Localization } from '../i18n/localization.js';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

// Intl formatters are costly to build and every timestamp on a page shares its locale's.
const formats = new Map<string, Intl.RelativeTimeFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.RelativeTimeFormat | Intl.DateTimeFormat>(id: string, make: () => T): T {
  let format = formats.get(id);
  if (!format) formats.set(id, (format = make()));
  return format as T;
}

export function relativeFormat(locale?: string): Intl.RelativeTimeFormat {
  return cached(`relative|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
}

/**
 * "5 minutes ago", "yesterday"… for `iso` as seen at `now` (ms), or `justNow` (the catalogue's
 * "just now") within a minute.
 */
export function formatRelative(
  iso: string,
  now: number,
  format: Intl.RelativeTimeFormat = relativeFormat(),
  justNow = 'just now',
): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  // Clocks differ a little; a comment from "the future" was posted just now.
  if (Math.abs(seconds) < 60 || seconds > 0) return justNow;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(seconds, 'second');
}

/** A date and time in `locale` (the browser's when none), e.g. "7 Dec 2026, 18:40". */
export function formatAbsolute(iso: string, locale?: string): string {
  return cached(
    `absolute|${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
  ).format(new Date(iso));
}

/** Date formatters in the app's language, following it when it changes. */
export function useDates(localization: Localization = useLocalization()) {
  return {
    absolute: (iso: string) => formatAbsolute(iso, localization.locale.value),
    relative: (iso: string, at: number = Date.now()) =>
      formatRelative(iso, at, relativeFormat(localization.locale.value), localization.t('time.justNow')),
    /** A day without the time ("7 December 2026"). */
    day: (iso: string) =>
      cached(
        `day|${localization.locale.value}`,
        () => new Intl.DateTimeFormat(localization.locale.value, { dateStyle: 'long' }),
      ).format(new Date(iso)),
  };
}

/** How often the shared clock ticks: enough for "minutes ago" to stay right. */
export const TICK_MS = 30_000;

// One clock for every timestamp on the page, running while anyone uses it.
const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(): () => void {
  users += 1;
  if (users === 1) {
    now.value = Date.now();
    timer = setInterval(() => (now.value = Date.now()), TICK_MS);
  }
  return () => {
    users -= 1;
    if (users === 0) clearInterval(timer);
  };
}

/** A relative time for `iso` that updates as time passes, plus the absolute time for a tooltip. */
export function useRelativeTime(
  iso: MaybeRefOrGetter<string>,
  localization: Localization = useLocalization(),
) {
  if (getCurrentScope()) onScopeDispose(subscribe());
  const dates = useDates(localization);
  return {
    relative: computed(() => dates.relative(toValue(iso), now.value)),
    absolute: computed(() => dates.absolute(toValue(iso))),
  };
}
