import { defineComponent, h, inject, provide, type Component, type InjectionKey } from 'vue';

/**
 * What the comment components need from the page around them, so that they render the same in the
 * app (with the router) and in an embed on another site (without one).
 */
export interface CommentLinks {
  /** Renders a link from a `to` prop: `RouterLink` in the app, a plain anchor by default. */
  link: Component;
  /** Where keyboard focus goes when the focused comment has gone from the page. */
  focusFallback: () => HTMLElement | null;
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

const PLAIN: CommentLinks = { link: PlainLink, focusFallback: () => null };

export const COMMENT_LINKS: InjectionKey<CommentLinks> = Symbol('comment-links');

/** Called once by the page (or app) that renders comments. */
export function provideCommentLinks(links: CommentLinks): void {
  provide(COMMENT_LINKS, links);
}

export function useCommentLinks(): CommentLinks {
  return inject(COMMENT_LINKS, PLAIN);
}
