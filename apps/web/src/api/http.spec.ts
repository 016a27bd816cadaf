import { afterEach, describe, expect, it, vi } from 'vitest';
import { configureConnection } from './connection.js';
import { testLocalization } from '../testing/localization.js';
import { ApiError, errorMessage, requestTimed, withQuery, wordClientErrors } from './http.js';

const fetchMock = vi.fn<typeof fetch>();

describe(requestTimed.name, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    fetchMock.mockReset();
  });

  it('returns the JSON and the server clock from the Date header', async () => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockResolvedValueOnce(
      new Response(JSON.stringify({ ok: 1 }), {
        status: 200,
        headers: { date: 'Wed, 01 Jan 2030 12:00:00 GMT' },
      }),
    );

    const sut = await requestTimed<{ ok: number }>('GET', '/api/x');

    expect(sut).toEqual({ data: { ok: 1 }, serverTime: '2030-01-01T12:00:00.000Z' });
  });

  it('sends JSON bodies and extra headers with the session cookie', async () => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));

    await requestTimed('POST', '/api/x', { a: 1 }, { headers: { 'X-Socket-Id': 'abc' } });

    expect(fetchMock).toHaveBeenCalledWith('/api/x', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/json', 'X-Socket-Id': 'abc' },
      body: '{"a":1}',
    });
  });

  it('in bearer mode (the embed) sends the token to the API origin, without cookies', async () => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
    configureConnection({ baseUrl: 'https://comments.example.org', token: () => 't0ken' });

    try {
      await requestTimed('GET', '/api/x');
    } finally {
      configureConnection({ baseUrl: '', token: () => null });
    }

    expect(fetchMock).toHaveBeenCalledWith('https://comments.example.org/api/x', {
      method: 'GET',
      credentials: 'omit',
      headers: { accept: 'application/json', authorization: 'Bearer t0ken' },
      body: undefined,
    });
  });

  it("sends the page's language as Accept-Language, so errors come back in it", async () => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
    configureConnection({ locale: () => 'sr-Cyrl' });

    try {
      await requestTimed('GET', '/api/x');
    } finally {
      configureConnection({ locale: () => null });
    }

    expect(fetchMock).toHaveBeenCalledWith('/api/x', {
      method: 'GET',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'accept-language': 'sr-Cyrl' },
      body: undefined,
    });
  });

  it('turns an error body into an ApiError with its code and message', async () => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockResolvedValueOnce(
      new Response(
        JSON.stringify({
          code: 'comment/rate_limited',
          message: 'Please wait 3 seconds.',
          details: { retryAfterSeconds: 3 },
        }),
        { status: 429 },
      ),
    );

    const error = await requestTimed('POST', '/api/x', {}).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'comment/rate_limited',
      status: 429,
      message: 'Please wait 3 seconds.',
      details: { retryAfterSeconds: 3 },
    });
  });

  it('turns a network failure into a readable "network" error', async () => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));

    await expect(requestTimed('GET', '/api/x')).rejects.toMatchObject({ code: 'network', status: 0 });
  });

  it("words the errors the browser meets in the page's language", async () => {
    vi.stubGlobal('fetch', fetchMock);
    wordClientErrors((await testLocalization('ru')).t);
    try {
      fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
      await expect(requestTimed('GET', '/api/x')).rejects.toMatchObject({
        message: 'Не удалось связаться с сервером. Проверьте подключение и попробуйте ещё раз.',
      });
      fetchMock.mockResolvedValueOnce(new Response('<html>bad gateway</html>', { status: 502 }));
      await expect(requestTimed('GET', '/api/x')).rejects.toMatchObject({
        message: 'Сервер ответил кодом 502. Попробуйте ещё раз.',
      });
    } finally {
      // Other specs expect the English fallback: a catalogue key that is not there gives it back.
      wordClientErrors((key) => key);
    }
  });

  it('treats a gateway error without a body as a network problem', async () => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockResolvedValueOnce(new Response('<html>bad gateway</html>', { status: 502 }));

    await expect(requestTimed('GET', '/api/x')).rejects.toMatchObject({ code: 'network', status: 502 });
  });
});

describe(withQuery.name, () => {
  it('leaves out empty values', () => {
    expect(withQuery('/a', { sort: 'top', cursor: undefined, limit: 20, x: null })).toBe(
      '/a?sort=top&limit=20',
    );
    expect(withQuery('/a', {})).toBe('/a');
  });
});

describe(errorMessage.name, () => {
  it('adds field problems to a generic validation message', () => {
    expect(
      errorMessage(
        new ApiError('request/invalid', 'The request is not valid.', 400, { body: 'cannot be empty' }),
      ),
    ).toBe('The request is not valid. body cannot be empty');
  });

  it('uses the message alone when it already names the problem', () => {
    expect(
      errorMessage(
        new ApiError('request/invalid', 'body: cannot be empty', 400, { body: 'cannot be empty' }),
      ),
    ).toBe('body: cannot be empty');
  });
});
