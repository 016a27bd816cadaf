import type { Notification } from '@parley/shared';
import { defineComponent, h, inject, provide, type Component, type InjectionKey } from 'vue';

/**
 * What the comment components need from the page around them, so that they render the same in the
 * app (with the router) and in the embed on another site (in a shadow root, without one).
 */
export interface CommentLinks {
  /** Renders a link from a `to` prop: `RouterLink` in the app, a plain anchor by default. */
  link: Component;
  /** Where keyboard focus goes when the focused comment has gone from the page. */
  focusFallback: () => HTMLElement | null;
  /** The address a comment's permalink shows. */
  permalink: (slug: string | null, id: string) => string;
  /** Finds an element of the thread by id: in the document, or in the embed's shadow root. */
  findElement: (id: string) => HTMLElement | null;
  /** The comment the address points at (reactive when it reads reactive state), or null. */
  permalinkTarget: () => string | null;
  /** Shows a permalinked comment that this view cannot hold, at Parley's path for it. */
  openElsewhere: (path: string) => void | Promise<void>;
  /**
   * Where a notification leads (a `to` for `link`): Parley's path in the app; in the embed the host
   * page's own permalink when the comment is on the story shown there.
   */
  notificationTarget: (item: Pick<Notification, 'commentId' | 'storySlug' | 'permalink'>) => string;
  /**
   * Opens the reader's account where they are (the embed's account panel); null where the account
   * is a page of its own (`/account`, through `link`).
   */
  openAccount: (() => void) | null;
}

/** A plain `<a href>`, for pages without a router. */
const PlainLink = defineComponent({
  name: 'PlainLink',
  props: { to: { type: String, required: true } },
  setup:
    (props, { slots }) =>
    () =>
      h('a', { href: props.to }, slots.default?.()),
});

const PLAIN: CommentLinks = {
  link: PlainLink,
  focusFallback: () => null,
  permalink: (slug, id) => `/stories/${slug ?? ''}?comment=${id}`,
  findElement: (id) => document.getElementById(id),
  permalinkTarget: () => null,
  openElsewhere: () => undefined,
  // Parley's own permalink page: an item's `permalink` may be a host site's page (an embedded story).
  notificationTarget: (item) => `/comments/${item.commentId}`,
  openAccount: null,
};

export const COMMENT_LINKS: InjectionKey<Partial<CommentLinks>> = Symbol('comment-links');

/** Called once by the page (or app, or embed) that renders comments; what it leaves out stays plain. */
export function provideCommentLinks(links: Partial<CommentLinks>): void {
  provide(COMMENT_LINKS, links);
}

export function useCommentLinks(): CommentLinks {
  return { ...PLAIN, ...inject(COMMENT_LINKS, {}) };
}
