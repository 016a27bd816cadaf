import { randomBytes, randomUUID } from 'node:crypto';
import type { CommentStatus, Story, DB, Kysely, User } from '@parley/db';
import type { Comment, CreateCommentRequest, CreateCommentResponse, Me } from '@parley/shared';
import { toMe } from '../../src/auth/auth.service.js';
import { hashPassword } from '../../src/auth/password.js';
import { hashToken } from '../../src/auth/sessions.repository.js';
import { ApiClient } from './http.js';
import { SettingsService } from '../../src/settings/settings.service.js';
import { ADMIN, type TestApp } from './app.js';
import { waitFor } from './wait.js';

export function uniqueName(prefix = 'u'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** A comment body no other test will post. */
export function uniqueBody(text = 'A comment'): string {
  return `${text} ${randomUUID()}`;
}

export interface TestUser {
  client: ApiClient;
  me: Me;
  username: string;
  password: string;
}

/** Registers a fresh reader through the API; the returned client is signed in. */
export async function registerUser(
  testApp: Pick<TestApp, 'baseUrl'>,
  overrides: { username?: string; password?: string; displayName?: string } = {},
): Promise<TestUser> {
  const client = new ApiClient(testApp.baseUrl);
  const username = overrides.username ?? uniqueName();
  const password = overrides.password ?? `pw-${randomBytes(6).toString('hex')}`;
  const response = await client.post<Me>('/api/auth/register', {
    username,
    password,
    displayName: overrides.displayName,
  });
  if (response.status !== 201)
    throw new Error(`register ${username}: ${response.status} ${JSON.stringify(response.body)}`);
  return { client, me: response.body, username, password };
}

const FACTORY_PASSWORD = 'factory-password-1';
let factoryHash: Promise<string> | undefined;

/**
 * A signed-in user made straight in the database (one shared argon2 hash, a real session row):
 * for tests about comments and sockets, where registering each author through the API would only
 * cost time. The register endpoint itself is covered in auth-register.test.ts.
 */
export async function createUser(
  testApp: Pick<TestApp, 'baseUrl' | 'db'>,
  overrides: Partial<Pick<User, 'username' | 'displayName' | 'role' | 'createdAt'>> = {},
): Promise<TestUser> {
  factoryHash ??= hashPassword(FACTORY_PASSWORD);
  const username = overrides.username ?? uniqueName();
  const row = await testApp.db
    .insertInto('users')
    .values({
      username,
      displayName: overrides.displayName ?? username,
      role: overrides.role ?? 'reader',
      passwordHash: await factoryHash,
      ...(overrides.createdAt && { createdAt: overrides.createdAt }),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const token = randomBytes(32).toString('base64url');
  await testApp.db
    .insertInto('sessions')
    .values({ tokenHash: hashToken(token), userId: row.id, expiresAt: new Date(Date.now() + 3600_000) })
    .execute();
  const client = new ApiClient(testApp.baseUrl);
  client.cookie = `parley_session=${token}`;
  return { client, me: toMe(row), username, password: FACTORY_PASSWORD };
}

/** Overrides for createUser: an account past the 24 h after which its reports count toward holding a comment. */
export function established(): { createdAt: Date } {
  return { createdAt: new Date(Date.now() - 25 * 3600_000) };
}

/** A new client signed in as the given account. */
export async function login(
  testApp: Pick<TestApp, 'baseUrl'>,
  username: string,
  password: string,
  /** The Origin its mutations send, when the app's PARLEY_ORIGINS does not list its own address. */
  origin?: string,
): Promise<ApiClient> {
  const client = new ApiClient(testApp.baseUrl);
  client.origin = origin;
  const response = await client.post('/api/auth/login', { username, password });
  if (response.status !== 200)
    throw new Error(`login ${username}: ${response.status} ${JSON.stringify(response.body)}`);
  return client;
}

export function loginAdmin(testApp: Pick<TestApp, 'baseUrl'>, origin?: string): Promise<ApiClient> {
  return login(testApp, ADMIN.username, ADMIN.password, origin);
}

/** A story of its own for one test, so no test reads another's comments. */
export async function createStory(
  db: Kysely<DB>,
  overrides: Partial<Pick<Story, 'commentsOpen' | 'premod' | 'title'>> = {},
): Promise<Story> {
  return db
    .insertInto('stories')
    .values({
      slug: `test-${randomBytes(6).toString('hex')}`,
      title: overrides.title ?? 'A test story',
      body: 'First paragraph.\n\nSecond paragraph.',
      publishedAt: new Date(),
      commentsOpen: overrides.commentsOpen ?? true,
      premod: overrides.premod ?? 'off',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Posts through the API and insists it was stored (201). */
export async function postComment(
  client: ApiClient,
  slug: string,
  input: Partial<CreateCommentRequest> = {},
  headers?: Record<string, string>,
): Promise<Comment> {
  const response = await client.post<CreateCommentResponse>(
    `/api/stories/${slug}/comments`,
    { body: uniqueBody(), ...input },
    { headers },
  );
  if (response.status !== 201)
    throw new Error(`post to ${slug}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.comment;
}

/** Moves a comment back in time (creation and last change), e.g. past the edit window. */
/** A top-level comment written straight to the database (no posting rules, no events): its id. */
export async function insertComment(
  db: Kysely<DB>,
  comment: { storyId: string; authorId: string; status: CommentStatus; body: string; createdAt?: Date },
): Promise<string> {
  const id = randomUUID();
  const { createdAt, ...values } = comment;
  await db
    .insertInto('comments')
    .values({
      id,
      rootId: id,
      depth: 0,
      parentId: null,
      ...values,
      ...(createdAt && { createdAt, updatedAt: createdAt }),
    })
    .execute();
  return id;
}

export async function backdateComment(db: Kysely<DB>, id: string, seconds: number): Promise<void> {
  const at = new Date(Date.now() - seconds * 1000);
  await db.updateTable('comments').set({ createdAt: at, updatedAt: at }).where('id', '=', id).execute();
}

/** Sets the per-user posting interval and waits until the app's settings cache (2 s) has it. */
export async function setPostInterval(app: TestApp, seconds: number): Promise<void> {
  await app.db
    .updateTable('siteSettings')
    .set({ postIntervalSeconds: seconds })
    .where('id', '=', 1)
    .execute();
  const settings = app.app.get(SettingsService, { strict: false });
  await waitFor(
    async () => (await settings.get()).settings.postIntervalSeconds === seconds,
    'the settings cache',
    {
      timeoutMs: 10_000,
    },
  );
}
