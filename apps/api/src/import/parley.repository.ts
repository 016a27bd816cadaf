import { sql, type DB, type Kysely } from '@parley/db';
import type { CommentRecord, StoryRecord, UserRecord } from './parley-format.js';

/** Rows per page of an export and per statement of an import. */
export const PAGE = 1000;

/** The SQL of Parley's own format: pages to export (keyset, by id), and stories and users kept with their ids. */
export class ParleyRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async counts(): Promise<{ stories: number; users: number; comments: number }> {
    const { rows } = await sql<{ stories: string; users: string; comments: string }>`SELECT
        (SELECT count(*) FROM stories) AS stories, (SELECT count(*) FROM users) AS users,
        (SELECT count(*) FROM comments) AS comments`.execute(this.db);
    const row = rows[0]!;
    return { stories: Number(row.stories), users: Number(row.users), comments: Number(row.comments) };
  }

  async storyPage(after: string | null): Promise<StoryRecord[]> {
    const rows = await this.db
      .selectFrom('stories')
      .select([
        'id',
        'slug',
        'url',
        'externalId',
        'title',
        'body',
        'tags',
        'publishedAt',
        'commentsOpen',
        'premod',
        'createdAt',
      ])
      .$if(after !== null, (query) => query.where('id', '>', after!))
      .orderBy('id')
      .limit(PAGE)
      .execute();
    return rows.map((row) => ({
      type: 'story',
      ...row,
      publishedAt: row.publishedAt.toISOString(),
      createdAt: row.createdAt.toISOString(),
    }));
  }

  async userPage(after: string | null, credentials: boolean): Promise<UserRecord[]> {
    const rows = await this.db
      .selectFrom('users')
      .select([
        'id',
        'username',
        'displayName',
        'role',
        'status',
        'suspendedUntil',
        'banReason',
        'alwaysPremod',
        'createdAt',
        'deletedAt',
      ])
      .select(['email', 'emailVerifiedAt', 'passwordHash', 'ssoSubject'])
      .$if(after !== null, (query) => query.where('id', '>', after!))
      .orderBy('id')
      .limit(PAGE)
      .execute();
    return rows.map(({ email, emailVerifiedAt, passwordHash, ssoSubject, ...row }) => ({
      type: 'user',
      ...row,
      suspendedUntil: row.suspendedUntil?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
      deletedAt: row.deletedAt?.toISOString() ?? null,
      // Emails are personal data and the rest sign people in: only when asked for.
      ...(credentials && {
        email,
        emailVerifiedAt: emailVerifiedAt?.toISOString() ?? null,
        passwordHash,
        ssoSubject,
      }),
    }));
  }

  async commentPage(after: string | null): Promise<CommentRecord[]> {
    const rows = await this.db
      .selectFrom('comments')
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('moderationActions')
            .select('reason')
            .whereRef('moderationActions.commentId', '=', 'comments.id')
            .where('action', 'in', ['reject', 'auto_reject'])
            .orderBy('createdAt', 'desc')
            .limit(1)
            .as('rejection'),
        (join) => join.onTrue(),
      )
      .select([
        'comments.id',
        'storyId',
        'parentId',
        'rootId',
        'depth',
        'authorId',
        'body',
        'status',
        'rejection.reason',
        'comments.createdAt',
      ])
      .$if(after !== null, (query) => query.where('comments.id', '>', after!))
      .orderBy('comments.id')
      .limit(PAGE)
      .execute();
    return rows.map(({ reason, ...row }) => ({
      type: 'comment',
      ...row,
      rejectReason: row.status === 'rejected' ? (reason ?? null) : null,
      createdAt: row.createdAt.toISOString(),
    }));
  }

  /** Stories this database holds, by id, external id or URL: each record's story here, by record id. */
  async matchStories(stories: readonly StoryRecord[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (stories.length === 0) return found;
    const rows = await this.db
      .selectFrom('stories')
      .select(['id', 'externalId', 'url'])
      .where((eb) =>
        eb.or([
          eb(
            'id',
            'in',
            stories.map((story) => story.id),
          ),
          eb(
            'url',
            'in',
            stories.map((story) => story.url),
          ),
          eb(
            'externalId',
            'in',
            stories.flatMap((story) => story.externalId ?? []),
          ),
        ]),
      )
      .execute();
    for (const story of stories) {
      const match =
        rows.find((row) => row.id === story.id) ??
        rows.find((row) => story.externalId !== null && row.externalId === story.externalId) ??
        rows.find((row) => row.url === story.url);
      if (match) found.set(story.id, match.id);
    }
    return found;
  }

  async takenSlugs(slugs: readonly string[]): Promise<Set<string>> {
    if (slugs.length === 0) return new Set();
    const rows = await this.db.selectFrom('stories').select('slug').where('slug', 'in', slugs).execute();
    return new Set(rows.map((row) => row.slug));
  }

  /** Stories with their own ids; returns how many were inserted. */
  async insertStories(stories: readonly StoryRecord[]): Promise<number> {
    if (stories.length === 0) return 0;
    const rows = await this.db
      .insertInto('stories')
      .values(
        stories.map(({ type: _type, ...story }) => ({
          ...story,
          publishedAt: new Date(story.publishedAt),
          createdAt: new Date(story.createdAt),
          importSource: 'parley',
          importId: story.id,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .execute();
    return rows.length;
  }

  async existingUsers(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.selectFrom('users').select('id').where('id', 'in', ids).execute();
    return new Set(rows.map((row) => row.id));
  }

  async takenUsernames(usernames: readonly string[]): Promise<Set<string>> {
    if (usernames.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('users')
      .select('username')
      .where('username', 'in', usernames)
      .execute();
    return new Set(rows.map((row) => row.username));
  }

  /** Users with their own ids (and credentials when the file has them); returns how many were inserted. */
  async insertUsers(users: readonly UserRecord[]): Promise<number> {
    if (users.length === 0) return 0;
    const rows = await this.db
      .insertInto('users')
      .values(
        users.map((user) => ({
          id: user.id,
          username: user.username,
          displayName: user.displayName,
          role: user.role,
          status: user.status,
          suspendedUntil: user.suspendedUntil && new Date(user.suspendedUntil),
          banReason: user.banReason,
          alwaysPremod: user.alwaysPremod,
          createdAt: new Date(user.createdAt),
          deletedAt: user.deletedAt && new Date(user.deletedAt),
          email: user.email ?? null,
          emailVerifiedAt: user.emailVerifiedAt ? new Date(user.emailVerifiedAt) : null,
          passwordHash: user.passwordHash ?? null,
          ssoSubject: user.ssoSubject ?? null,
          // An account nobody can sign in to may be claimed by the reader who confirms its address.
          importEmail: user.passwordHash || user.ssoSubject ? null : (user.email ?? null),
          importSource: 'parley',
          importKey: user.id,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .execute();
    return rows.length;
  }

  /** Which of these comments exist already, whatever their source (a file imported back where it came from adds nothing). */
  async existingComments(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const { rows } = await sql<{ id: string }>`
      SELECT c.id FROM unnest(${ids}::uuid[]) AS wanted(id) JOIN comments c ON c.id = wanted.id`.execute(
      this.db,
    );
    return new Set(rows.map((row) => row.id));
  }
}
