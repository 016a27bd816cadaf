import type { Story } from '@parley/shared';
import { isPlaceholderStoryUrl } from '@parley/shared/values';
import type { Translate } from '../i18n/localization.js';

/**
 * The moderation page's sections, and how its admin tabs name a story. The tabs' words are in the
 * `moderate` catalogue (packages/shared/locales/<locale>/moderate.json).
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
  t: Translate,
  story: Pick<Story, 'title' | 'slug'> & Partial<Pick<Story, 'url' | 'externalId'>>,
): string {
  return t('moderate.stories.choice', {
    title: story.title,
    address: storyAddress(story.url) ?? t('moderate.stories.choiceNoUrl'),
    id: story.externalId ?? story.slug,
  });
}
