import { describe, expect, it } from 'vitest';
import { isAllowedOrigin as sut } from './origin.js';

describe('isAllowedOrigin', () => {
  it('lets a request without Origin through (not sent by a page)', () => {
    expect(sut(undefined, 'comments.example.org', [])).toBe(true);
    expect(sut(undefined, 'comments.example.org', ['https://comments.example.org'])).toBe(true);
  });

  it('without PARLEY_ORIGINS, wants the Origin to name the requested host, port included', () => {
    expect(sut('https://comments.example.org', 'comments.example.org', [])).toBe(true);
    expect(sut('http://127.0.0.1:3000', '127.0.0.1:3000', [])).toBe(true);
    expect(sut('https://news.example.org', 'comments.example.org', [])).toBe(false);
    expect(sut('http://127.0.0.1:1', '127.0.0.1:3000', [])).toBe(false);
    expect(sut('null', 'comments.example.org', [])).toBe(false);
    expect(sut('https://comments.example.org', undefined, [])).toBe(false);
  });

  it('with PARLEY_ORIGINS, wants one of them exactly', () => {
    const allowed = ['https://comments.example.org'];
    expect(sut('https://comments.example.org', 'internal:3000', allowed)).toBe(true);
    expect(sut('https://comments.example.org', 'comments.example.org', ['https://www.example.org'])).toBe(
      false,
    );
    expect(sut('http://comments.example.org', 'comments.example.org', allowed)).toBe(false);
  });
});
