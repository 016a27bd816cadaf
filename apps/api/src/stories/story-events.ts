import type { StoryRecord } from './stories.repository.js';

/**
 * Raised once after a story is committed, whoever made it: a reader's first view through resolve,
 * or an admin. Webhooks (`story.created`) belong on this event.
 */
export const STORY_CREATED = 'story.created';

export interface StoryCreated {
  story: StoryRecord;
  via: 'resolve' | 'admin';
}

declare module '../events/domain-events.js' {
  interface DomainEventMap {
    [STORY_CREATED]: StoryCreated;
  }
}
