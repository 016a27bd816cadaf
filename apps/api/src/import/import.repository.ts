import { sql, type CommentStatus, type DB, type Kysely } from '@parley/db';

/** A story the import makes (a thread no story matched). */
export interface NewImportedStory {
  importId: string;
  slug: string;
  url: string | null;
  externalId: string | null;
  title: string;
  publishedAt: Date;
  commentsOpen: boolean;
}

export interface ImportedAuthor {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  importKey: string;
}

export interface StagedComment {
  importId: string;
  id: string;
  storyId: string;
  parentId: string | null;
  rootId: string;
  depth: number;
  authorId: string;
  body: string;
  status: CommentStatus;
  rejectReason: string | null;
  createdAt: Date;
}

/** Rows per statement: well under Postgres's 65,535 parameters. */
const CHUNK = 1000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The only SQL of imports: finding what exists, staging comments, and publishing them at once. */
export class ImportRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly source: string,
  ) {}

  async storiesByExternalId(externalIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const part of chunks(externalIds)) {
      if (part.length === 0) continue;
      const rows = await this.db
        .selectFrom('stories')
        .select(['id', 'externalId'])
        .where('externalId', 'in', part)
        .execute();
      for (const row of rows) found.set(row.externalId!, row.id);
    }
    return found;
  }

  async storiesByUrl(urls: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const part of chunks(urls)) {
      if (part.length === 0) continue;
      const rows = await this.db
        .selectFrom('stories')
        .select(['id', 'url'])
        .where('url', 'in', part)
        .execute();
      for (const row of rows) found.set(row.url, row.id);
    }
    return found;
  }

  async slugsLike(base: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('stories')
      .select('slug')
      .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
      .execute();
    return rows.map((row) => row.slug);
  }

  /** Slugs taken by `base` or `base-<n>` for any of these bases, in one query. */
  async slugsWithBases(bases: readonly string[]): Promise<string[]> {
    if (bases.length === 0) return [];
    const { rows } = await sql<{ slug: string }>`
      SELECT slug FROM stories WHERE regexp_replace(slug, '-[0-9]+$', '') = ANY(${bases}::text[]) OR slug = ANY(${bases}::text[])`.execute(
      this.db,
    );
    return rows.map((row) => row.slug);
  }

  /** Inserts stories, skipping any whose URL, external id or slug is taken; ids by import id. */
  async insertStories(stories: readonly NewImportedStory[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const part of chunks(stories)) {
      if (part.length === 0) continue;
      const rows = await this.db
        .insertInto('stories')
        .values(
          part.map((story) => ({
            slug: story.slug,
            url: story.url ?? undefined,
            externalId: story.externalId,
            title: story.title,
            body: '',
            tags: [],
            publishedAt: story.publishedAt,
            commentsOpen: story.commentsOpen,
            importSource: this.source,
            importId: story.importId,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .returning(['id', 'importId'])
        .execute();
      for (const row of rows) ids.set(row.importId!, row.id);
    }
    return ids;
  }

  /** Inserts the story unless its URL, external id or slug is taken meanwhile; its id, or undefined. */
  async insertStory(story: NewImportedStory): Promise<string | undefined> {
    const row = await this.db
      .insertInto('stories')
      .values({
        slug: story.slug,
        ...(story.url !== null && { url: story.url }),
        externalId: story.externalId,
        title: story.title,
        body: '',
        tags: [],
        publishedAt: story.publishedAt,
        commentsOpen: story.commentsOpen,
        importSource: this.source,
        importId: story.importId,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id;
  }

  /** Which of these accounts exist already. */
  async existingUserIds(ids: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const part of chunks(ids)) {
      if (part.length === 0) continue;
      const rows = await this.db.selectFrom('users').select('id').where('id', 'in', part).execute();
      for (const row of rows) found.add(row.id);
    }
    return found;
  }

  /** Imported accounts: no password, no SSO subject, so nobody can sign in to them. */
  async insertAuthors(authors: readonly ImportedAuthor[]): Promise<number> {
    let created = 0;
    for (const part of chunks(authors)) {
      if (part.length === 0) continue;
      const rows = await this.db
        .insertInto('users')
        .values(
          part.map((author) => ({
            id: author.id,
            username: author.username,
            displayName: author.displayName,
            passwordHash: null,
            email: author.email,
            // Kept apart from `email`, which a reader confirming the address takes: claims match this.
            importEmail: author.email,
            importSource: this.source,
            importKey: author.importKey,
          })),
        )
        .onConflict((oc) => oc.columns(['importSource', 'importKey']).doNothing())
        .returning('id')
        .execute();
      created += rows.length;
    }
    return created;
  }

  /**
   * The source address of accounts an earlier run made before imports kept it (or whose address a
   * reader's confirmation took since), so their comments can still be claimed. Never over one set.
   */
  async rememberImportEmails(authors: readonly ImportedAuthor[]): Promise<void> {
    const withEmail = authors.filter((author) => author.email !== null);
    for (const part of chunks(withEmail)) {
      if (part.length === 0) continue;
      await sql`
        UPDATE users u SET import_email = wanted.email
          FROM unnest(${part.map((author) => author.id)}::uuid[], ${part.map((author) => author.email)}::text[])
            AS wanted(id, email)
         WHERE u.id = wanted.id AND u.import_email IS NULL AND u.claimed_at IS NULL`.execute(this.db);
    }
  }

  /**
   * Which of these source ids are comments already (imported by an earlier run). A join on the
   * list, so each id is one index probe: with `IN (…)` the planner, without statistics for a table
   * an import just filled, scanned every row of the source.
   */
  async importedCommentIds(importIds: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    if (importIds.length === 0) return found;
    const { rows } = await sql<{ importId: string }>`
      SELECT c.import_id FROM unnest(${importIds}::text[]) AS wanted(id)
        JOIN comments c ON c.import_source = ${this.source} AND c.import_id = wanted.id`.execute(this.db);
    for (const row of rows) found.add(row.importId);
    return found;
  }

  /** One batch into the staging table, in one statement; rows a stopped run already staged stay as they are. */
  async stage(rows: readonly StagedComment[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('importStagedComments')
      .values(rows.map((row) => ({ ...row, importSource: this.source })))
      .onConflict((oc) => oc.columns(['importSource', 'importId']).doNothing())
      .execute();
  }

  /**
   * Every staged comment of this source into `comments`, in one transaction, so readers see all or
   * nothing. The counter triggers run for each row (story counts, reply counts, authors' tallies);
   * spam gets its moderation log row. Comments that exist are left untouched. Returns how many were
   * added and the stories they went to. One statement for a whole file takes minutes for millions of
   * rows: the caller's connection must allow it (the CLI's does).
   */
  async publishStaged(): Promise<{ added: number; storyIds: string[] }> {
    return this.db.transaction().execute(async (trx) => {
      const stories = await trx
        .selectFrom('importStagedComments')
        .select('storyId')
        .distinct()
        .where('importSource', '=', this.source)
        .execute();
      const result = await sql<{ added: string }>`
        WITH added AS (
          INSERT INTO comments (id, story_id, parent_id, root_id, depth, author_id, body, status,
                                created_at, updated_at, first_listed_at, import_source, import_id)
          SELECT id, story_id, parent_id, root_id, depth, author_id, body, status, created_at, created_at,
                 CASE WHEN status IN ('published', 'approved', 'deleted') THEN created_at END,
                 import_source, import_id
            FROM import_staged_comments
           WHERE import_source = ${this.source}
          ON CONFLICT DO NOTHING
          RETURNING id, author_id, story_id, status, created_at
        ), logged AS (
          INSERT INTO moderation_actions (actor_id, action, comment_id, user_id, story_id, reason, details, created_at)
          SELECT NULL, 'auto_reject', a.id, a.author_id, a.story_id, s.reject_reason,
                 jsonb_build_object('importedFrom', ${this.source}::text), a.created_at
            FROM added a JOIN import_staged_comments s ON s.id = a.id
           WHERE a.status = 'rejected'
        )
        SELECT count(*) AS added FROM added`.execute(trx);
      await trx.deleteFrom('importStagedComments').where('importSource', '=', this.source).execute();
      return { added: Number(result.rows[0]?.added ?? 0), storyIds: stories.map((row) => row.storyId) };
    });
  }
}
