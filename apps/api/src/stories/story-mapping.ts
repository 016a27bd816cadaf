import { isPlaceholderStoryUrl, type Story, type WebhookEventData } from '@parley/shared';
import type { StoryRecord } from './stories.repository.js';

/** How a story came to be: a reader's first view of its page, or an admin. */
export type StoryCreatedVia = WebhookEventData<'story.created'>['via'];

/** The `story.created` webhook's data; a placeholder URL (no host page) is sent as null. */
export function storyCreatedData(
  story: StoryRecord,
  via: StoryCreatedVia,
): WebhookEventData<'story.created'> {
  return {
    id: story.id,
    slug: story.slug,
    url: isPlaceholderStoryUrl(story.url) ? null : story.url,
    externalId: story.externalId,
    title: story.title,
    createdAt: story.createdAt.toISOString(),
    via,
  };
}

export function toStory(row: StoryRecord): Story {
  return {
    id: row.id,
    slug: row.slug,
    url: row.url,
    externalId: row.externalId,
    title: row.title,
    commentsOpen: row.commentsOpen,
    premod: row.premod,
    commentCount: row.commentCount,
    createdAt: row.createdAt.toISOString(),
  };
}
