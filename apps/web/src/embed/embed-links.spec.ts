import { describe, expect, it } from 'vitest';
import { embedHref, embedNotificationTarget } from './embed-links.js';

const PARLEY = 'https://comments.example.org';
const HOST = { href: 'https://news.example.org/world/bridgehead?page=2#parley-comment-old' };
const COMMENT = '00000000-0000-4000-8000-0000000000c1';

describe(embedHref.name, () => {
  it("sends Parley's own paths to Parley's origin, in a new tab", () => {
    expect(embedHref('/account', PARLEY)).toEqual({ href: `${PARLEY}/account`, newTab: true });
    expect(embedHref(`/comments/${COMMENT}`, PARLEY)).toEqual({
      href: `${PARLEY}/comments/${COMMENT}`,
      newTab: true,
    });
  });

  it("keeps the host page's own addresses, in the same tab", () => {
    const permalink = `https://news.example.org/world/bridgehead#parley-comment-${COMMENT}`;
    expect(embedHref(permalink, PARLEY)).toEqual({ href: permalink, newTab: false });
    expect(embedHref('//evil.example/x', PARLEY)).toEqual({ href: '//evil.example/x', newTab: false });
  });
});

describe(embedNotificationTarget.name, () => {
  const item = (storySlug: string) => ({
    commentId: COMMENT,
    storySlug,
    permalink: `/comments/${COMMENT}`,
  });

  it("points a comment on the story shown here at the host page's permalink", () => {
    expect(embedNotificationTarget(item('bridgehead'), 'bridgehead', HOST)).toBe(
      `https://news.example.org/world/bridgehead?page=2#parley-comment-${COMMENT}`,
    );
  });

  it("keeps Parley's path for a comment on another story, or before the story is known", () => {
    expect(embedNotificationTarget(item('elsewhere'), 'bridgehead', HOST)).toBe(`/comments/${COMMENT}`);
    expect(embedNotificationTarget(item('bridgehead'), null, HOST)).toBe(`/comments/${COMMENT}`);
  });
});
