import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { Story, Comment, CommentStatus, DB, User } from '../src/schema.js';

/** Test data builders: each call makes rows no other test shares, so tests never depend on each other. */

function suffix(): string {
  return randomBytes(5).toString('hex');
}

export function createUser(db: Kysely<DB>, username = `user_${suffix()}`): Promise<User> {
  return db
    .insertInto('users')
    .values({ username, displayName: username, passwordHash: 'not-a-real-hash' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function createStory(db: Kysely<DB>): Promise<Story> {
  return db
    .insertInto('stories')
    .values({
      slug: `story-${suffix()}`,
      title: 'A test story',
      body: 'One.\n\nTwo.',
      publishedAt: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface CommentInput {
  story: Pick<Story, 'id'>;
  author: Pick<User, 'id'>;
  parent?: Pick<Comment, 'id' | 'rootId' | 'depth'>;
  status?: CommentStatus;
  clientId?: string | null;
  body?: string;
}

export function commentValues({
  story,
  author,
  parent,
  status = 'published',
  clientId = null,
  body,
}: CommentInput) {
  const id = randomUUID();
  return {
    id,
    storyId: story.id,
    parentId: parent?.id ?? null,
    rootId: parent?.rootId ?? id,
    depth: parent ? parent.depth + 1 : 0,
    authorId: author.id,
    body: body ?? `comment ${id}`,
    status,
    clientId,
  };
}

export function createComment(db: Kysely<DB>, input: CommentInput): Promise<Comment> {
  return db.insertInto('comments').values(commentValues(input)).returningAll().executeTakeFirstOrThrow();
}

export function findComment(db: Kysely<DB>, id: string): Promise<Comment> {
  return db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The story, with its comment count as the app reads it: the base plus the shards' deltas. */
export function findStory(db: Kysely<DB>, id: string): Promise<Story> {
  return db
    .selectFrom('stories')
    .selectAll()
    .select(
      sql<number>`(stories.comment_count + coalesce((select sum(s.delta) from story_comment_counts s where s.story_id = stories.id), 0))::int`.as(
        'commentCount',
      ),
    )
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

export function findUser(db: Kysely<DB>, id: string): Promise<User> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Asserts that a statement failed on the named unique index or constraint (SQLSTATE 23505). */
export async function expectUniqueViolation(statement: Promise<unknown>, constraint: string): Promise<void> {
  await expect(statement).rejects.toMatchObject({ code: '23505', constraint });
}

/** Asserts that a statement failed a CHECK constraint (SQLSTATE 23514). */
export async function expectCheckViolation(statement: Promise<unknown>): Promise<void> {
  await expect(statement).rejects.toMatchObject({ code: '23514' });
}
