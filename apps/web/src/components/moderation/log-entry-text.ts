import type { ModerationLogChange, ModerationLogEntry, ModerationLogValue } from '@parley/shared';
import { MODERATION_REASON_LABELS } from '@parley/shared/values';
import {
  FLAG_LABELS,
  PREMOD_LABELS,
  type ModerationLogAction,
  type ModerationLogFilters,
} from '../../api/moderation.js';

/** What each action did, as the log says it after the moderator's name. */
export const LOG_ACTION_LABELS: Record<ModerationLogAction, string> = {
  approve: 'approved a comment',
  reject: 'rejected a comment',
  feature: 'featured a comment',
  unfeature: 'unfeatured a comment',
  auto_hold: 'held a comment for review',
  auto_reject: 'rejected a comment automatically',
  suspend: 'suspended a user',
  ban: 'banned a user',
  unban: 'unbanned a user',
  premod_on: 'set a user to always pre-moderated',
  premod_off: 'stopped pre-moderating a user',
  role_moderator: 'made a user a moderator',
  role_reader: 'removed a moderator',
  user_note: 'added a note about a user',
  delete_account: 'deleted an account',
  story_create: 'created a story',
  story_update: 'changed a story',
  story_merge: 'merged a story into another',
  word_lists: 'changed the word lists',
  dsa_notice: 'received a notice of illegal content',
  dsa_decision: 'decided a notice of illegal content',
  dsa_appeal_decision: 'decided an appeal against a notice decision',
  claim_import: 'claimed imported comments',
  toxicity_thresholds: 'changed the toxicity thresholds',
  import_start: 'started an import',
};

/** Older rows may carry actions no longer written; they read by their name. */
const LEGACY_ACTIONS: Record<string, string> = { article_settings: 'changed story settings' };

export function describeAction(action: string): string {
  return (
    LOG_ACTION_LABELS[action as ModerationLogAction] ?? LEGACY_ACTIONS[action] ?? action.replace(/_/g, ' ')
  );
}

const FIELD_LABELS: Record<string, string> = {
  status: 'Status',
  featured: 'Featured',
  title: 'Title',
  url: 'URL',
  externalId: 'External id',
  commentsOpen: 'Comments open',
  premod: 'Pre-moderation',
  alwaysPremod: 'Always pre-moderated',
  role: 'Role',
  banned: 'Banned words',
  suspect: 'Suspect words',
  'banned added': 'Banned words added',
  'banned removed': 'Banned words removed',
  'suspect added': 'Suspect words added',
  'suspect removed': 'Suspect words removed',
  hours: 'Hours',
  until: 'Until',
  rejected: 'Comments rejected',
  moved: 'Comments moved',
  comments: 'Comments',
  by: 'By',
  body: 'Note',
  flags: 'Flags',
  matchedWords: 'Matched words',
  edited: 'After an edit',
  threshold: 'Reports needed',
  byStaff: 'Reported by staff',
  via: 'Via',
  'from title': 'From story',
  'from url': 'Its URL',
  'from slug': 'Its slug',
  'from externalId': 'Its external id',
};

export function fieldLabel(field: string): string {
  const label = FIELD_LABELS[field];
  if (label) return label;
  const words = field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

export function valueText(field: string, value: ModerationLogValue): string {
  if (value === null || value === '') return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    return field === 'flags'
      ? value.map((flag) => FLAG_LABELS[flag as keyof typeof FLAG_LABELS] ?? flag).join(', ')
      : value.join(', ');
  }
  if (field === 'premod' && value in PREMOD_LABELS) return PREMOD_LABELS[value as keyof typeof PREMOD_LABELS];
  return String(value);
}

/** "Title: Old title → New title". */
export function changeText(change: ModerationLogChange): string {
  return `${fieldLabel(change.field)}: ${valueText(change.field, change.from)} → ${valueText(change.field, change.to)}`;
}

/** Facts worth a line: an empty list or a blank says nothing. */
export function shownFacts(facts: Record<string, ModerationLogValue>): [string, ModerationLogValue][] {
  return Object.entries(facts).filter(
    ([, value]) => value !== null && value !== '' && !(Array.isArray(value) && value.length === 0),
  );
}

/** "Comments moved: 3". */
export function factText(field: string, value: ModerationLogValue): string {
  return `${fieldLabel(field)}: ${valueText(field, value)}`;
}

export function reasonText(reason: string): string {
  return reason in MODERATION_REASON_LABELS
    ? MODERATION_REASON_LABELS[reason as keyof typeof MODERATION_REASON_LABELS]
    : reason;
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
