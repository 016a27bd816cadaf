import { isPlaceholderStoryUrl } from '@parley/shared';

/**
 * The one place a comment's link is computed, for email and the bell alike. A story with a real page
 * (an embedded story's host URL): that page with `#parley-comment-<id>`, where the embed shows the
 * comment. Otherwise (a story under the placeholder origin, or no URL known): the site's
 * `/comments/<id>`, relative in the app, after PARLEY_PUBLIC_URL in email.
 */
export function commentPermalink(
  commentId: string,
  story: { url?: string | null },
  publicUrl: string | undefined,
): string {
  if (story.url && !isPlaceholderStoryUrl(story.url)) {
    return `${story.url.replace(/#.*$/, '')}#parley-comment-${commentId}`;
  }
  return `${publicUrl ?? ''}/comments/${commentId}`;
}
