import type { Comment, ThreadPage } from '@parley/shared';
import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { createUser, postComment } from './factories.js';
import type { ApiClient } from './http.js';

/** Posts a comment (or a reply) as a fresh author: the posting interval is per author. */
export async function postAsNewAuthor(
  testApp: Pick<TestApp, 'baseUrl' | 'db'>,
  slug: string,
  parentId?: string,
): Promise<Comment> {
  const author = await createUser(testApp);
  return postComment(author.client, slug, parentId ? { parentId } : {});
}

/** One page of a thread (top-level comments or a comment's replies), insisting it answered 200. */
export async function readThreadPage(client: ApiClient, path: string): Promise<ThreadPage> {
  const response = await client.get<ThreadPage>(path);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}
