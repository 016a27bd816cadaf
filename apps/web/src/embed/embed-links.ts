import type { Notification } from '@parley/shared';
import { hostPermalink } from './host-page.js';

/** Where an embed link goes: a path of Parley's own pages opens on Parley's origin, in a new tab. */
export interface EmbedHref {
  href: string;
  /** Leaves the host page: open it beside the article rather than instead of it. */
  newTab: boolean;
}

/**
 * The real address of a `to` inside the embed. A relative path would resolve against the HOST
 * site, so Parley's paths (`/account`, `/comments/<id>`) get the API's origin; anything else (the
 * host page's own permalinks) stays as it is.
 */
export function embedHref(to: string, parleyOrigin: string): EmbedHref {
  if (to.startsWith('/') && !to.startsWith('//')) return { href: `${parleyOrigin}${to}`, newTab: true };
  return { href: to, newTab: false };
}

/**
 * A notification's `to` in the embed: a comment on the story shown here is the host page's
 * `#parley-comment-<id>` permalink (the section scrolls to it); others keep Parley's path.
 */
export function embedNotificationTarget(
  item: Pick<Notification, 'commentId' | 'storySlug' | 'permalink'>,
  shownSlug: string | null,
  location: { href: string },
): string {
  return shownSlug !== null && item.storySlug === shownSlug
    ? hostPermalink(location, item.commentId)
    : item.permalink;
}
