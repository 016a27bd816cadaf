import { afterEach, describe, expect, it } from 'vitest';
import {
  defaultStoryUrl,
  hashTarget,
  hostPermalink,
  scriptOrigin,
  TOKEN_KEY,
  tokenStorage,
} from './host-page.js';

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe(defaultStoryUrl.name, () => {
  afterEach(() => document.head.querySelectorAll('link').forEach((link) => link.remove()));

  it('is the canonical link, resolved against the page', () => {
    document.head.insertAdjacentHTML('beforeend', '<link rel="canonical" href="/world/bridgehead">');

    expect(defaultStoryUrl(document, { href: 'https://news.example.org/x?utm=1#top' })).toBe(
      'https://news.example.org/world/bridgehead',
    );
  });

  it("is the page's address without its hash when there is no canonical link", () => {
    expect(defaultStoryUrl(document, { href: 'https://news.example.org/a?b=1#parley-comment-x' })).toBe(
      'https://news.example.org/a?b=1',
    );
  });
});

describe(hashTarget.name, () => {
  it('reads #parley-comment-<id> only', () => {
    expect(hashTarget(`#parley-comment-${ID}`)).toBe(ID);
    expect(hashTarget(`#comment-${ID}`)).toBeNull();
    expect(hashTarget('#parley-comment-nope')).toBeNull();
  });
});

describe(hostPermalink.name, () => {
  it("is the host page's address with the comment's hash", () => {
    expect(hostPermalink({ href: 'https://news.example.org/a#old' }, ID)).toBe(
      `https://news.example.org/a#parley-comment-${ID}`,
    );
  });
});

describe(scriptOrigin.name, () => {
  it('is the origin the script came from, or the fallback', () => {
    expect(scriptOrigin({ src: 'https://comments.example.org/embed.js' }, 'x')).toBe(
      'https://comments.example.org',
    );
    expect(scriptOrigin(null, 'https://fallback.example')).toBe('https://fallback.example');
  });
});

describe('tokenStorage', () => {
  afterEach(() => localStorage.clear());

  it(`keeps the token under ${TOKEN_KEY} and deletes it on null`, () => {
    tokenStorage.write('t0ken');
    expect(localStorage.getItem('parley:session')).toBe('t0ken');
    expect(tokenStorage.read()).toBe('t0ken');

    tokenStorage.write(null);
    expect(localStorage.getItem('parley:session')).toBeNull();
  });

  it('survives a storage that throws (blocked storage)', () => {
    const blocked = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    } as unknown as Storage;

    expect(tokenStorage.read(blocked)).toBeNull();
    expect(() => tokenStorage.write('x', blocked)).not.toThrow();
  });
});
