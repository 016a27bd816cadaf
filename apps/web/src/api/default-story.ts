import type { Story } from '@parley/shared';
import { storiesApi } from './stories.js';

let asking: Promise<Story> | null = null;

/**
 * The site's front story, asked of the server once per page load (the home page and the
 * moderation filters both need it); a failed answer is asked again on the next call.
 */
export function defaultStory(): Promise<Story> {
  asking ??= storiesApi.front().catch((error: unknown) => {
    asking = null;
    throw error;
  });
  return asking;
}

/** Forgets the answer (tests start from a page load). */
export function forgetDefaultStory(): void {
  asking = null;
}
