/**
 * The one place a comment's link is computed. In the site: `/comments/<id>` (relative in the app,
 * after PARLEY_PUBLIC_URL in email). For a story embedded elsewhere (a story with its own `url`, once
 * stories have one), the story's page with `#parley-comment-<id>`.
 */
export function commentPermalink(
  commentId: string,
  story: { url?: string | null },
  publicUrl: string | undefined,
): string {
  if (story.url) return `${story.url.replace(/#.*$/, '')}#parley-comment-${commentId}`;
  return `${publicUrl ?? ''}/comments/${commentId}`;
}
