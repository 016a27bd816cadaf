import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { StoryResponse } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOT_TIMEOUT_MS, setupTable, startApp, type TestApp } from './support/app.js';
import { createUser, loginAdmin, type TestUser } from './support/factories.js';

/**
 * Issue 19 item 1: no request header decides a URL. Every route that builds or stores a URL (a
 * story's, a permalink, an export's links), asked with a forged Host, X-Forwarded-Host or
 * Forwarded header, with and without an Origin, neither stores nor answers the forged host.
 */

const SITE = 'https://news.example.org';
const EVIL = 'evil.test';

/** The forged headers, one set at a time (fetch cannot send a Host of its own choosing: node:http can). */
const FORGERIES: Record<string, Record<string, string>> = {
  Host: { host: EVIL },
  'X-Forwarded-Host': { 'x-forwarded-host': EVIL, 'x-forwarded-proto': 'https' },
  Forwarded: { forwarded: `host=${EVIL};proto=https` },
  'all three': { host: EVIL, 'x-forwarded-host': EVIL, forwarded: `host=${EVIL};proto=https` },
};

interface Raw {
  status: number;
  body: unknown;
}

/** One request with exactly these headers (Host included), JSON in and out. */
function send(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  json?: unknown,
): Promise<Raw> {
  const url = new URL(path, baseUrl);
  const payload = json === undefined ? undefined : JSON.stringify(json);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers: {
          accept: 'application/json',
          ...(payload !== undefined && { 'content-type': 'application/json' }),
          ...headers,
        },
      },
      (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => (text += chunk));
        incoming.on('end', () =>
          resolve({ status: incoming.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

describe.each(setupTable())('forged host headers over %s', (_label, { engine, redis }) => {
  let app: TestApp;
  let reader: TestUser;

  beforeAll(async () => {
    app = await startApp({ engine, redis, env: { PARLEY_ORIGINS: SITE } });
    reader = await createUser(app);
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await app?.close();
  });

  async function storedUrls(): Promise<string[]> {
    const rows = await app.db.selectFrom('stories').select('url').where('url', 'like', `%${EVIL}%`).execute();
    return rows.map((row) => row.url);
  }

  describe.each(Object.entries(FORGERIES))('forged %s', (_name, forged) => {
    it.each([
      // The service refuses the URL's origin.
      ['without an Origin', {}, 'story/origin_not_allowed'],
      // The session guard refuses the page's origin before the service is asked.
      ['with the forged host as Origin', { origin: `https://${EVIL}` }, 'request/cross_site'],
    ])('POST /api/stories/resolve %s creates no story on the forged host', async (_case, origin, code) => {
      const answer = await send(
        app.baseUrl,
        'POST',
        '/api/stories/resolve',
        { ...forged, ...origin },
        {
          url: `https://${EVIL}/phish-${randomUUID()}`,
        },
      );

      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ code });
      expect(await storedUrls()).toEqual([]);
    });

    it('POST /api/stories/resolve with a story id does not move the story to the forged host', async () => {
      const id = `cms-${randomUUID()}`;
      const url = `${SITE}/world/${randomUUID()}`;
      const made = await send(app.baseUrl, 'POST', '/api/stories/resolve', { origin: SITE }, { url, id });
      expect(made.status).toBe(201);

      const moved = await send(app.baseUrl, 'POST', '/api/stories/resolve', forged, {
        url: `https://${EVIL}/login`,
        id,
      });

      expect(moved.status).toBe(200);
      expect((moved.body as StoryResponse).story.url).toBe(url);
      expect(await storedUrls()).toEqual([]);
    });

    it.each([
      ['GET', '/api/me/notifications'],
      ['GET', '/api/me/export'],
      ['GET', '/api/auth/me'],
    ])('%s %s answers no link on the forged host', async (method, path) => {
      const answer = await send(app.baseUrl, method, path, { ...forged, cookie: reader.client.cookie! });

      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).not.toContain(EVIL);
    });
  });

  it('a page on a listed site still makes its story (the control)', async () => {
    const url = `${SITE}/world/${randomUUID()}`;
    const answer = await send(app.baseUrl, 'POST', '/api/stories/resolve', { origin: SITE }, { url });
    expect(answer.status).toBe(201);
  });

  it('an admin can still place a story anywhere (no origin rule for admins)', async () => {
    const admin = await loginAdmin(app, SITE);
    admin.origin = SITE;
    const response = await admin.post<StoryResponse>('/api/moderation/stories', {
      title: 'Elsewhere',
      url: `https://elsewhere.example/${randomUUID()}`,
    });
    expect(response.status).toBe(201);
  });
});
