import { randomUUID } from 'node:crypto';
import type { StoryResponse } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { BOOT_TIMEOUT_MS, setupTable, startApp, type TestApp } from './support/app.js';
import { loginAdmin } from './support/factories.js';
import { ApiClient, errorOf } from './support/http.js';

describe('PARLEY_DEFAULT_STORY', () => {
  it('defaults to the seeded story and takes any slug', () => {
    expect(loadConfig({}).defaultStory).toBe('lavrov-west-balkans-bridgehead');
    expect(loadConfig({ PARLEY_DEFAULT_STORY: 'front-page' }).defaultStory).toBe('front-page');
  });

  it.each(['Front Page', 'front_page', '-front', 'a'.repeat(201)])(
    'refuses %j in one line naming it',
    (value) => {
      expect(() => loadConfig({ PARLEY_DEFAULT_STORY: value })).toThrow(ConfigError);
      expect(() => loadConfig({ PARLEY_DEFAULT_STORY: value })).toThrow(
        /^Invalid configuration: PARLEY_DEFAULT_STORY [^\n]+$/,
      );
    },
  );
});

describe.each(setupTable())('GET /api/stories/default over %s', (_label, { engine, redis }) => {
  /** A front story of this file's own, which no story has until a test makes it. */
  const tag = randomUUID().slice(0, 8);
  const front = `front-page-${tag}`;
  let app: TestApp;
  let seeded: TestApp;

  beforeAll(async () => {
    [app, seeded] = await Promise.all([
      startApp({ engine, redis, env: { PARLEY_DEFAULT_STORY: front } }),
      startApp({ engine, redis }),
    ]);
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all([app?.close(), seeded?.close()]);
  });

  it('answers the seeded story by default, to anyone', async () => {
    const response = await new ApiClient(seeded.baseUrl).get<StoryResponse>('/api/stories/default');

    expect(response.status).toBe(200);
    expect(response.body.story).toMatchObject({
      slug: 'lavrov-west-balkans-bridgehead',
      title: expect.stringContaining('Lavrov') as string,
      commentsOpen: true,
    });
  });

  it('says which slug is missing until a story has it, then answers that story', async () => {
    const anonymous = new ApiClient(app.baseUrl);
    const missing = await anonymous.get('/api/stories/default');
    expect([missing.status, errorOf(missing).code]).toEqual([404, 'story/not_found']);
    expect(errorOf(missing).message).toContain(`"${front}"`);
    expect(errorOf(missing).message).toContain('PARLEY_DEFAULT_STORY');

    const admin = await loginAdmin(app);
    const made = await admin.post<StoryResponse>('/api/moderation/stories', { title: `Front page ${tag}` });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.story.slug).toBe(front);

    const found = await anonymous.get<StoryResponse>('/api/stories/default');
    expect(found.status).toBe(200);
    expect(found.body.story).toEqual(made.body.story);
  });
});
