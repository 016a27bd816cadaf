import type { ThreadPage } from '@parley/shared';
import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { createStory, createUser, type TestUser } from './factories.js';
import { ApiClient } from './http.js';

/** What the comments files (posting, editing, reactions and reports) read and make, over one app. */
export function commentScene(sut: Pick<TestApp, 'baseUrl' | 'db'>) {
  /** Every row an author has in `comments`, whatever its status. */
  async function rowsBy(authorId: string) {
    return sut.db.selectFrom('comments').selectAll().where('authorId', '=', authorId).execute();
  }

  /** The story's first page of comments as `client` (anonymous by default) reads it. */
  async function thread(slug: string, client = new ApiClient(sut.baseUrl)): Promise<ThreadPage> {
    const response = await client.get<ThreadPage>(`/api/stories/${slug}/comments?limit=100`);
    expect(response.status).toBe(200);
    return response.body;
  }

  /** A story of its own and a fresh author (the posting interval is per author). */
  async function freshScene(): Promise<{ slug: string; author: TestUser }> {
    const [story, author] = await Promise.all([createStory(sut.db), createUser(sut)]);
    return { slug: story.slug, author };
  }

  return { rowsBy, thread, freshScene };
}
