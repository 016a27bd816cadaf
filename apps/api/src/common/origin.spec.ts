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

  it('with PARLEY_ORIGINS, takes one of them exactly, whatever the Host', () => {
    const allowed = ['https://comments.example.org', 'https://news.example.org'];
    expect(sut('https://comments.example.org', 'internal:3000', allowed)).toBe(true);
    expect(sut('https://news.example.org', 'internal:3000', allowed)).toBe(true);
    expect(sut('http://news.example.org', 'internal:3000', allowed)).toBe(false);
    expect(sut('https://news.example.org.evil.example', 'internal:3000', allowed)).toBe(false);
    expect(sut('https://evil.example', 'internal:3000', allowed)).toBe(false);
  });

  it('with PARLEY_ORIGINS, still takes Parley’s own origin (the requested host)', () => {
    expect(sut('https://comments.example.org', 'comments.example.org', ['https://news.example.org'])).toBe(
      true,
    );
    expect(sut('https://evil.example', 'comments.example.org', ['https://news.example.org'])).toBe(false);
  });
});
