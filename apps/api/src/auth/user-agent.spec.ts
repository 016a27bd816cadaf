import { describe, expect, it } from 'vitest';
import { summarizeUserAgent } from './user-agent.js';

describe(summarizeUserAgent.name, () => {
  it.each([
    ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox on Linux'],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      'Edge on Windows',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
      'Safari on iOS',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      'Chrome on Android',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
      'Chrome on macOS',
    ],
    ['curl/8.5.0', 'curl'],
    ['Something/1.0 (Windows NT 10.0)', 'A browser on Windows'],
    ['Something/1.0', 'An unknown browser'],
  ])('summarizes %s as %s', (header, summary) => {
    expect(summarizeUserAgent(header)).toBe(summary);
  });

  it('stores nothing when the browser says nothing', () => {
    expect(summarizeUserAgent(undefined)).toBeNull();
    expect(summarizeUserAgent('')).toBeNull();
  });
});
