import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAllowedOrigin as sut, isListedOrigin, listedOrigins, requestOwnOrigin } from './origin.js';

const http = (host: string | undefined) => ({ scheme: 'http' as const, host });
const https = (host: string | undefined) => ({ scheme: 'https' as const, host });
const trustNone = () => false;
const trustAll = () => true;

describe('isAllowedOrigin', () => {
  it('lets a request without Origin through (not sent by a page)', () => {
    expect(sut(undefined, https('comments.example.org'), [])).toBe(true);
    expect(sut(undefined, https('comments.example.org'), ['https://comments.example.org'])).toBe(true);
  });

  it('without listed origins, wants the Origin to be the requested scheme and host, port included', () => {
    expect(sut('https://comments.example.org', https('comments.example.org'), [])).toBe(true);
    expect(sut('http://127.0.0.1:3000', http('127.0.0.1:3000'), [])).toBe(true);
    expect(sut('https://news.example.org', https('comments.example.org'), [])).toBe(false);
    expect(sut('http://127.0.0.1:1', http('127.0.0.1:3000'), [])).toBe(false);
    expect(sut('null', https('comments.example.org'), [])).toBe(false);
    expect(sut('https://comments.example.org', https(undefined), [])).toBe(false);
  });

  it('compares the scheme too: an http page is not the https site', () => {
    expect(sut('http://comments.example.org', https('comments.example.org'), [])).toBe(false);
    expect(sut('https://comments.example.org', http('comments.example.org'), [])).toBe(false);
    expect(sut('https://comments.example.org', https('comments.example.org:443'), [])).toBe(true);
  });

  it('with listed origins, takes one of them exactly, whatever the Host', () => {
    const allowed = ['https://comments.example.org', 'https://news.example.org'];
    expect(sut('https://comments.example.org', http('internal:3000'), allowed)).toBe(true);
    expect(sut('https://news.example.org', http('internal:3000'), allowed)).toBe(true);
    expect(sut('http://news.example.org', http('internal:3000'), allowed)).toBe(false);
    expect(sut('https://news.example.org.evil.example', http('internal:3000'), allowed)).toBe(false);
    expect(sut('https://evil.example', http('internal:3000'), allowed)).toBe(false);
  });

  it('with listed origins, still takes Parley’s own origin (the requested host)', () => {
    const allowed = ['https://news.example.org'];
    expect(sut('https://comments.example.org', https('comments.example.org'), allowed)).toBe(true);
    expect(sut('https://evil.example', https('comments.example.org'), allowed)).toBe(false);
  });
});

describe('listedOrigins', () => {
  it('is PARLEY_ORIGINS and the origin of PARLEY_PUBLIC_URL, nothing from a request', () => {
    expect(listedOrigins({ allowedOrigins: [], publicUrl: undefined })).toEqual([]);
    expect(
      listedOrigins({
        allowedOrigins: ['https://news.example.org'],
        publicUrl: 'https://comments.example.org/sub',
      }),
    ).toEqual(['https://news.example.org', 'https://comments.example.org']);
  });
});

describe('requestOwnOrigin', () => {
  const request = (headers: Record<string, string>, encrypted = false) => ({
    socket: { remoteAddress: '127.0.0.1', encrypted },
    headers,
  });

  it('takes the scheme of the connection, or X-Forwarded-Proto from a trusted proxy only', () => {
    expect(requestOwnOrigin(request({ host: 'a.test' }), trustNone)).toEqual(http('a.test'));
    expect(requestOwnOrigin(request({ host: 'a.test' }, true), trustNone)).toEqual(https('a.test'));
    const proxied = request({ host: 'a.test', 'x-forwarded-proto': 'https' });
    expect(requestOwnOrigin(proxied, trustNone)).toEqual(http('a.test'));
    expect(requestOwnOrigin(proxied, trustAll)).toEqual(https('a.test'));
  });

  it('never takes the host from X-Forwarded-Host or Forwarded', () => {
    const forged = request({ host: 'a.test', 'x-forwarded-host': 'evil.test', forwarded: 'host=evil.test' });
    expect(requestOwnOrigin(forged, trustAll).host).toBe('a.test');
  });
});

/** Headers a client may send, with any value; Host is the one the browser cannot be made to forge. */
const headerNames = [
  'x-forwarded-host',
  'forwarded',
  'x-forwarded-proto',
  'x-forwarded-for',
  'x-real-ip',
  'x-original-host',
  'referer',
];
const hostLike = fc.oneof(fc.domain(), fc.constantFrom('evil.test', 'evil.test:443', '127.0.0.1:3000'));

describe('the origin rule under any request headers (property)', () => {
  const listed = ['https://news.example.org', 'https://comments.example.org'];
  const unlisted = fc
    .tuple(fc.constantFrom('http', 'https'), hostLike)
    .map(([scheme, host]) => `${scheme}://${host}`)
    .filter((origin) => !listed.includes(origin));
  const headers = fc.dictionary(fc.constantFrom(...headerNames), fc.oneof(hostLike, fc.string()));

  it('no header makes an unlisted origin a story origin', () => {
    fc.assert(
      fc.property(unlisted, headers, (origin, sent) => {
        // The story rule takes no request at all; its only input is configuration.
        void sent;
        expect(isListedOrigin(origin, listedOrigins({ allowedOrigins: listed, publicUrl: undefined }))).toBe(
          false,
        );
      }),
    );
  });

  it('no header makes an unlisted origin pass a request to Parley at its own host', () => {
    const parley = 'parley.internal:3000';
    fc.assert(
      fc.property(unlisted, headers, fc.boolean(), fc.boolean(), (origin, sent, trusted, encrypted) => {
        fc.pre(origin !== `http://${parley}` && origin !== `https://${parley}`);
        const own = requestOwnOrigin(
          { socket: { remoteAddress: '10.0.0.2', encrypted }, headers: { ...sent, host: parley, origin } },
          trusted ? trustAll : trustNone,
        );
        expect(sut(origin, own, listed)).toBe(false);
      }),
    );
  });
});
