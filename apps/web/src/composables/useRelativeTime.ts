import { computed, getCurrentScope, onScopeDispose, ref, toValue, type MaybeRefOrGetter } from 'vue';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "just now", "5 minutes ago", "yesterday"… for `iso` as seen at `now` (ms). */
export function formatRelative(iso: string, now: number, format: Intl.RelativeTimeFormat = relative): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  // Clocks differ a little; a comment from "the future" was posted just now.
  if (Math.abs(seconds) < 60 || seconds > 0) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(seconds, 'second');
}

export function formatAbsolute(iso: string): string {
  return absolute.format(new Date(iso));
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
export function useRelativeTime(iso: MaybeRefOrGetter<string>) {
  if (getCurrentScope()) onScopeDispose(subscribe());
  return {
    relative: computed(() => formatRelative(toValue(iso), now.value)),
    absolute: computed(() => formatAbsolute(toValue(iso))),
  };
}
