import { afterEach, describe, expect, it, vi } from 'vitest';
import { countText, fillCounts } from './count.js';

describe(fillCounts.name, () => {
  afterEach(() => {
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
  });

  it('fills every <parley-count> by story id or URL from one request', async () => {
    document.body.innerHTML = `
      <parley-count story-id="cms-1"></parley-count>
      <parley-count story-url="https://news.example.org/a"></parley-count>
      <parley-count story-url="https://news.example.org/a" format="number"></parley-count>
      <parley-count story-url="https://news.example.org/none"></parley-count>`;
    const fetchMock = vi.fn(
      async (_input: RequestInfo | URL, _init?: RequestInit) =>
        new Response(
          JSON.stringify({
            counts: [
              { id: 'cms-1', count: 1 },
              { url: 'https://news.example.org/a', count: 12 },
            ],
          }),
        ),
    );
    vi.stubGlobal('fetch', fetchMock);

    await fillCounts();

    expect(fetchMock).toHaveBeenCalledTimes(1);
    const url = new URL(String(fetchMock.mock.calls[0]?.[0]), 'http://x');
    expect(url.pathname).toBe('/api/stories/counts');
    expect(url.searchParams.getAll('id')).toEqual(['cms-1']);
    expect(url.searchParams.getAll('url')).toEqual([
      'https://news.example.org/a',
      'https://news.example.org/none',
    ]);
    expect([...document.querySelectorAll('parley-count')].map((element) => element.textContent)).toEqual([
      '1 comment',
      '12 comments',
      '12',
      '0 comments',
    ]);
  });

  it('makes no request for a page without counts', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);

    await fillCounts();

    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe(countText.name, () => {
  it('says comment or comments', () => {
    expect(countText(0, null)).toBe('0 comments');
    expect(countText(1, null)).toBe('1 comment');
    expect(countText(3, 'number')).toBe('3');
  });
});
