import { randomUUID } from 'node:crypto';
import type { StoryResponse } from '@parley/shared';
import { expect } from 'vitest';
import { startApp, type Setup, type TestApp } from './app.js';
import { createUser, loginAdmin, setPostInterval, type TestUser } from './factories.js';
import { ApiClient, type ApiResponse } from './http.js';

/** The host site the stories suites embed Parley on (their apps' PARLEY_ORIGINS). */
export const SITE = 'https://news.example.org';
/** Creations one address may make per hour in the stories suites' lazy app. */
export const PER_HOUR = 3;

/** A page address no other test uses. */
export function page(path = 'world'): string {
  return `${SITE}/${path}/${randomUUID()}`;
}

/** A client address of its own (the app trusts X-Forwarded-For from loopback), so creation limits never collide. */
export function freshAddress(): string {
  const byte = () => Math.floor(Math.random() * 254) + 1;
  return `10.${byte()}.${byte()}.${byte()}`;
}

/** Resolves as the embed on the host page would (PARLEY_ORIGINS lists the host; no cookie). */
export function resolveStory(
  on: Pick<TestApp, 'baseUrl'>,
  body: Record<string, unknown>,
  address = freshAddress(),
): Promise<ApiResponse<StoryResponse>> {
  return new ApiClient(on.baseUrl).post<StoryResponse>('/api/stories/resolve', body, {
    origin: SITE,
    headers: { 'x-forwarded-for': address },
  });
}

export interface StoriesApp {
  /** Lazy stories (the default), {@link PER_HOUR} creations per address, a story.created webhook. */
  app: TestApp;
  admin: ApiClient;
  moderator: TestUser;
  reader: TestUser;
}

/** The app the stories suites share, with its staff and a reader acting from the host site's pages. */
export async function startStoriesApp({
  engine,
  redis,
}: Pick<Setup, 'engine' | 'redis'>): Promise<StoriesApp> {
  const app = await startApp({
    engine,
    redis,
    env: {
      PARLEY_ORIGINS: SITE,
      PARLEY_STORIES_PER_HOUR: String(PER_HOUR),
      // Its webhook receiver listens on 127.0.0.1.
      PARLEY_WEBHOOK_ALLOW_PRIVATE: 'true',
    },
  });
  try {
    const admin = await loginAdmin(app, SITE);
    // One receiver of story.created, so each event the app writes is one outbox row (never delivered here).
    const hook = await admin.post('/api/moderation/webhooks', {
      url: 'http://127.0.0.1:9/hook',
      events: ['story.created'],
    });
    expect(hook.status).toBe(201);
    const moderator = await createUser(app, { role: 'moderator' });
    const reader = await createUser(app);
    // PARLEY_ORIGINS lists only the host site here: staff and readers act from its pages too.
    for (const client of [admin, moderator.client, reader.client]) client.origin = SITE;
    await setPostInterval(app, 0);
    return { app, admin, moderator, reader };
  } catch (error) {
    await app.close();
    throw error;
  }
}
