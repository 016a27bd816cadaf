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

/** Statuses a reader sees: what the counters count (as the counter trigger does). */
const VISIBLE = sql.raw(`('published', 'approved')`);
/** The story counter's shards (migration 2026_11_30_0007): a writer adds to the one of its backend. */
const STORY_COUNT_SHARDS = sql.raw('64');

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

  /**
   * One batch into the staging table, in one statement whose parameters are a column each (eleven
   * arrays, not 11,000 values: binding and planning stay small); rows a stopped run already staged
   * stay as they are.
   */
  async stage(rows: readonly StagedComment[]): Promise<void> {
    if (rows.length === 0) return;
    const column = <T>(pick: (row: StagedComment) => T): T[] => rows.map(pick);
    await sql`
      INSERT INTO import_staged_comments (import_source, import_id, id, story_id, parent_id, root_id, depth,
                                          author_id, body, status, reject_reason, created_at)
      SELECT ${this.source}, s.* FROM unnest(
        ${column((row) => row.importId)}::text[], ${column((row) => row.id)}::uuid[],
        ${column((row) => row.storyId)}::uuid[], ${column((row) => row.parentId)}::uuid[],
        ${column((row) => row.rootId)}::uuid[], ${column((row) => row.depth)}::int[],
        ${column((row) => row.authorId)}::uuid[], ${column((row) => row.body)}::text[],
        ${column((row) => row.status)}::text[], ${column((row) => row.rejectReason)}::text[],
        ${column((row) => row.createdAt.toISOString())}::timestamptz[]) AS s
      ON CONFLICT (import_source, import_id) DO NOTHING`.execute(this.db);
  }

  /**
   * Every staged comment of this source into `comments`, in one transaction, so readers see all or
   * nothing; comments that exist are left untouched, spam gets its moderation log row. Returns how
   * many were added and the stories they went to.
   *
   * The counters are kept set-based, not by the per-row trigger (which this transaction turns off
   * for itself: `parley.bulk_counters`, see migration 2026_12_07_0015): per row it rewrote the
   * parent (a new version in every index of `comments`), a story shard and the author, which was
   * most of an import's time. Instead a new comment is inserted with its reply count already
   * counted from the staged rows (and `updated_at` now when it has replies, as the trigger would
   * have set it); comments that were there before and gained replies, the stories' shards and the
   * authors' tallies each get one UPDATE of the sums over the added rows, by the same rules as the
   * trigger. One statement: the new rows are not in its snapshot, so the UPDATE of `comments`
   * reaches only the earlier ones. For millions of rows it takes minutes: the caller's connection
   * must allow it (the CLI's does).
   */
  async publishStaged(): Promise<{ added: number; storyIds: string[] }> {
    return this.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL parley.bulk_counters = 'on'`.execute(trx);
      const stories = await trx
        .selectFrom('importStagedComments')
        .select('storyId')
        .distinct()
        .where('importSource', '=', this.source)
        .execute();
      const result = await sql<{ added: string }>`
        WITH replies AS (
          SELECT parent_id, count(*)::int AS n FROM import_staged_comments
           WHERE import_source = ${this.source} AND parent_id IS NOT NULL AND status IN ${VISIBLE}
           GROUP BY parent_id
        ), added AS (
          INSERT INTO comments (id, story_id, parent_id, root_id, depth, author_id, body, status, reply_count,
                                created_at, updated_at, first_listed_at, import_source, import_id)
          SELECT s.id, s.story_id, s.parent_id, s.root_id, s.depth, s.author_id, s.body, s.status,
                 COALESCE(r.n, 0), s.created_at, CASE WHEN r.n > 0 THEN now() ELSE s.created_at END,
                 CASE WHEN s.status IN ('published', 'approved', 'deleted') THEN s.created_at END,
                 s.import_source, s.import_id
            FROM import_staged_comments s LEFT JOIN replies r ON r.parent_id = s.id
           WHERE s.import_source = ${this.source}
          ON CONFLICT DO NOTHING
          RETURNING id, parent_id, author_id, story_id, status, created_at
        ), logged AS (
          INSERT INTO moderation_actions (actor_id, action, comment_id, user_id, story_id, reason, details, created_at)
          SELECT NULL, 'auto_reject', a.id, a.author_id, a.story_id, s.reject_reason,
                 jsonb_build_object('importedFrom', ${this.source}::text), a.created_at
            FROM added a JOIN import_staged_comments s ON s.import_source = ${this.source} AND s.id = a.id
           WHERE a.status = 'rejected'
        ), story_counts AS (
          INSERT INTO story_comment_counts (story_id, shard, delta)
          SELECT story_id, pg_backend_pid() % ${STORY_COUNT_SHARDS}, count(*)::int FROM added
           WHERE status IN ${VISIBLE} GROUP BY story_id
          ON CONFLICT (story_id, shard) DO UPDATE SET delta = story_comment_counts.delta + EXCLUDED.delta
        ), earlier_parents AS (
          UPDATE comments p SET reply_count = p.reply_count + d.n, updated_at = now()
            FROM (SELECT parent_id, count(*)::int AS n FROM added
                   WHERE parent_id IS NOT NULL AND status IN ${VISIBLE} GROUP BY parent_id) d
           WHERE p.id = d.parent_id
        ), authors AS (
          UPDATE users u SET approved_count = u.approved_count + d.approved,
                             rejected_count = u.rejected_count + d.rejected
            FROM (SELECT author_id, count(*) FILTER (WHERE status = 'approved')::int AS approved,
                         count(*) FILTER (WHERE status = 'rejected')::int AS rejected
                    FROM added GROUP BY author_id) d
           WHERE u.id = d.author_id AND (d.approved > 0 OR d.rejected > 0)
        )
        SELECT count(*) AS added FROM added`.execute(trx);
      await trx.deleteFrom('importStagedComments').where('importSource', '=', this.source).execute();
      return { added: Number(result.rows[0]?.added ?? 0), storyIds: stories.map((row) => row.storyId) };
    });
  }
}
