import type { ModerationLogChange, ModerationLogEntry, ModerationLogValue } from '@parley/shared';
import { MODERATION_LOG_ACTIONS } from '@parley/shared/values';
import type { ModerationLogAction, ModerationLogFilters } from '../../api/moderation.js';
import type { Translate } from '../../i18n/localization.js';

/**
 * What each action did, as the log says it after the moderator's name: the catalogue key of its words
 * (`moderate.log.actions.<action>`). Typed by the action list, so a new action cannot go without words.
 */
export const LOG_ACTION_LABELS: Record<ModerationLogAction, string> = Object.fromEntries(
  MODERATION_LOG_ACTIONS.map((action) => [action, `moderate.log.actions.${action}`]),
) as Record<ModerationLogAction, string>;

/** Older rows may carry actions no longer written; they read by their words, or else their name. */
const LEGACY_ACTIONS: Record<string, string> = { article_settings: 'moderate.log.actions.article_settings' };

/** The translated text at `key`, or undefined when the catalogue has none (the translator echoes the key). */
function known(t: Translate, key: string): string | undefined {
  const text = t(key);
  return text === key ? undefined : text;
}

export function describeAction(t: Translate, action: string): string {
  const key = LOG_ACTION_LABELS[action as ModerationLogAction] ?? LEGACY_ACTIONS[action];
  return (key && known(t, key)) ?? action.replace(/_/g, ' ');
}

/** A field's name as the log shows it; fields the catalogue does not know read by their own name. */
export function fieldLabel(t: Translate, field: string): string {
  // 'banned added' → bannedAdded, 'from externalId' → fromExternalId.
  const key = field.replace(/ (\w)/g, (_, first: string) => first.toUpperCase());
  const label = known(t, `moderate.log.fields.${key}`);
  if (label) return label;
  const words = field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

export function valueText(t: Translate, field: string, value: ModerationLogValue): string {
  if (value === null || value === '') return t('moderate.log.values.none');
  if (typeof value === 'boolean') return t(value ? 'moderate.log.values.yes' : 'moderate.log.values.no');
  if (Array.isArray(value)) {
    if (value.length === 0) return t('moderate.log.values.none');
    return field === 'flags'
      ? value.map((flag) => known(t, `moderate.flags.${flag}`) ?? flag).join(', ')
      : value.join(', ');
  }
  if (typeof value === 'string') {
    // Values with words of their own: a comment's status, a person's role, a pre-moderation mode.
    const group = ({ status: 'status', role: 'roles', premod: 'premod' } as Record<string, string>)[field];
    if (group) return known(t, `moderate.${group}.${value}`) ?? value;
  }
  return String(value);
}

/** "Title: Old title → New title". */
export function changeText(t: Translate, change: ModerationLogChange): string {
  return t('moderate.log.change', {
    field: fieldLabel(t, change.field),
    from: valueText(t, change.field, change.from),
    to: valueText(t, change.field, change.to),
  });
}

/** Facts worth a line: an empty list or a blank says nothing. */
export function shownFacts(facts: Record<string, ModerationLogValue>): [string, ModerationLogValue][] {
  return Object.entries(facts).filter(
    ([, value]) => value !== null && value !== '' && !(Array.isArray(value) && value.length === 0),
  );
}

/** "Comments moved: 3". */
export function factText(t: Translate, field: string, value: ModerationLogValue): string {
  return t('moderate.log.fact', { field: fieldLabel(t, field), value: valueText(t, field, value) });
}

export function reasonText(t: Translate, reason: string): string {
  return known(t, `moderate.reasons.${reason}`) ?? reason;
}

const same = (a: string | null, b: string) => a !== null && a.toLowerCase() === b.toLowerCase();

/** Whether a live entry belongs in a log narrowed by these filters (the server's rules, by name or id). */
export function matchesLogFilters(entry: ModerationLogEntry, filters: ModerationLogFilters): boolean {
  if (filters.action && entry.action !== filters.action) return false;
  if (filters.actor && !same(entry.actor, filters.actor) && !same(entry.actorId, filters.actor)) return false;
  if (filters.user && !same(entry.username, filters.user) && !same(entry.userId, filters.user)) return false;
  if (filters.story && !same(entry.storySlug, filters.story) && !same(entry.storyId, filters.story))
    return false;
  return true;
}
