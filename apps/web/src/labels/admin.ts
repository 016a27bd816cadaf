import type { OutboxEntry, Story } from '@parley/shared';
import { isPlaceholderStoryUrl } from '@parley/shared/values';

/**
 * Every word the moderation page's admin tabs show (section names, action labels, states,
 * confirmations and the outcomes read out after a change), so that wording is changed, and
 * later translated, in one place. Queue, flag and reason names stay with the API module.
 */

/** The sections of the moderation page, in the order of its navigation. */
export const SECTION_LABELS = {
  queues: 'Queues',
  stories: 'Stories',
  settings: 'Settings',
  log: 'Log',
  search: 'Search',
  notices: 'Notices',
  webhooks: 'Webhooks',
  imports: 'Import',
} as const;

export type Section = keyof typeof SECTION_LABELS;

const quoted = (title: string) => `“${title}”`;
const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** A story's address without the scheme, as people read it; null for a story not placed yet. */
export function storyAddress(url: string | null | undefined): string | null {
  if (!url || isPlaceholderStoryUrl(url)) return null;
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

/**
 * A story as a picker's option names it: title, address and id, so that two stories with one title
 * can be told apart. The id is the CMS's when there is one, else the story's slug.
 */
export function storyChoiceLabel(
  story: Pick<Story, 'title' | 'slug'> & Partial<Pick<Story, 'url' | 'externalId'>>,
): string {
  const address = storyAddress(story.url);
  return `${story.title} — ${address ?? STORY_LABELS.noUrl.toLowerCase()} · id ${story.externalId ?? story.slug}`;
}

export const STORY_LABELS = {
  title: 'Stories',
  search: 'Search by title or URL',
  searchButton: 'Search',
  newStory: 'New story',
  newStoryHint: 'Stories are also made on their first view from a site in PARLEY_ORIGINS.',
  emptyTitle: 'No stories yet',
  emptyText: 'A story appears here on its first view from an allowed site, or when you create one.',
  noMatch: (search: string) => `No stories match ${quoted(search)}`,
  noMatchText: 'Search looks at titles and URLs.',
  premod: 'Pre-moderation',
  closed: 'Closed',
  slug: (slug: string) => `/stories/${slug}`,
  titleField: 'Title',
  urlField: 'URL (optional)',
  externalIdField: 'External id (optional)',
  editUrlField: 'URL',
  editExternalIdField: 'External id',
  create: 'Create story',
  edit: 'Edit',
  save: 'Save',
  cancel: 'Cancel',
  merge: 'Merge',
  mergeOpen: 'Merge…',
  mergeInto: 'Choose the story to keep…',
  mergeHint: 'Its comments move to the story you choose; this story is then deleted.',
  mergeConfirm: 'Merge and delete',
  more: 'More stories',
  none: 'No stories match.',
  noUrl: 'No URL yet',
  commentsOpen: 'Comments open',
  comments: (count: number) => plural(count, 'comment', 'comments'),
  externalId: (externalId: string) => `id ${externalId}`,
  editName: (title: string) => `Edit ${quoted(title)}`,
  openName: (title: string) => `Comments open on ${quoted(title)}`,
  premodName: (title: string) => `Pre-moderation for ${quoted(title)}`,
  mergeTargetName: (title: string) => `Merge ${quoted(title)} into`,
  mergeName: (title: string) => `Merge ${quoted(title)}`,
  mergeOpenName: (title: string) => `Merge ${quoted(title)} into another story`,
  mergeQuestion: (source: string, target: string) =>
    `Move every comment of ${quoted(source)} into ${quoted(target)}? ${quoted(source)} is then deleted.`,
  opened: (open: boolean, title: string) => `Comments are ${open ? 'open' : 'closed'} on ${quoted(title)}.`,
  premodSet: (title: string, mode: string) => `Pre-moderation on ${quoted(title)}: ${mode}.`,
  created: (title: string) => `Created ${quoted(title)}.`,
  saved: (title: string) => `Saved ${quoted(title)}.`,
  merged: (moved: number, source: string, target: string) =>
    `Moved ${plural(moved, 'comment', 'comments')} from ${quoted(source)} into ${quoted(target)}.`,
} as const;

export const WEBHOOK_LABELS = {
  title: 'Webhooks',
  hint: 'Parley POSTs signed JSON to these addresses when the chosen events happen. See the README, “Webhooks”, to check the signature.',
  newWebhook: 'New webhook',
  url: 'URL',
  events: 'Events',
  secret: 'Secret (optional: Parley makes one if empty)',
  newSecret: 'New secret (leave empty to keep the current one)',
  add: 'Add webhook',
  edit: 'Edit',
  deliveries: 'Deliveries',
  delete: 'Delete…',
  deleteConfirm: 'Delete webhook',
  confirmGroup: 'Confirm deletion',
  save: 'Save',
  cancel: 'Cancel',
  active: 'Active',
  paused: 'Paused',
  none: 'No webhooks yet',
  noneText: 'Add one to have Parley tell another system about new, held and decided comments.',
  noDeliveries: 'No deliveries yet.',
  eventsHint: 'Choose at least one.',
  noAnswer: 'No answer',
  secretValue: 'Webhook secret',
  secretTitle: (url: string) => `Secret for ${url}`,
  secretOnce: 'Copy it now: it is shown only this once.',
  secretWhy: 'Parley signs every delivery with it; you can replace it later but never see it again.',
  copy: 'Copy secret',
  copied: 'Copied',
  copyFailed: 'Could not copy: the secret is selected, copy it with Ctrl+C.',
  secretSaved: 'I have saved it',
  deliveryColumns: ['Time', 'Event', 'Status', 'Error', 'Attempt'],
  editName: (url: string) => `Edit the webhook for ${url}`,
  deliveriesName: (url: string) => `Recent deliveries to ${url}`,
  deleteName: (url: string) => `Delete the webhook for ${url}`,
  deleteQuestion: (url: string) => `Delete the webhook for ${url} and its delivery history?`,
  added: (url: string) => `Added the webhook for ${url}.`,
  saved: (url: string, newSecret: boolean) =>
    `Saved the webhook for ${url}${newSecret ? ', with its new secret' : ''}.`,
  deleted: (url: string) => `Deleted the webhook for ${url}.`,
} as const;

export const FAILED_DELIVERY_LABELS = {
  title: 'Failed deliveries',
  none: 'Nothing has failed for good.',
  retry: 'Retry',
  refresh: 'Refresh',
  attempts: (count: number) => plural(count, 'attempt', 'attempts'),
  retryName: (entry: OutboxEntry, time: string) => `Retry ${entry.kind} from ${time}`,
  retried: (entry: OutboxEntry) => `Queued ${entry.kind} again.`,
} as const;

/** A time as the reader's locale writes it. */
export const localTime = (iso: string) => new Date(iso).toLocaleString();
