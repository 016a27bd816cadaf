import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// One statement per `execute`, because PGlite's extended protocol takes one statement at a time.
//
// "Story" is the one word: the articles table, its columns elsewhere and every name built from them
// (constraints, indexes, the counter shards, the trigger) take the story name. Renames keep the data,
// the foreign keys and the indexes; only the counters' trigger function names its columns in its
// body, so it is created again with the new names (same logic as 2026_11_30_0007_story_counters).

const VISIBLE = `('published', 'approved')`;
const SHARDS = 64;

const renames: [from: string, to: string][] = [
  ['TABLE articles RENAME TO stories', 'TABLE stories RENAME TO articles'],
  [
    'TABLE stories RENAME CONSTRAINT articles_pkey TO stories_pkey',
    'TABLE stories RENAME CONSTRAINT stories_pkey TO articles_pkey',
  ],
  [
    'TABLE stories RENAME CONSTRAINT articles_slug_key TO stories_slug_key',
    'TABLE stories RENAME CONSTRAINT stories_slug_key TO articles_slug_key',
  ],
  [
    'TABLE stories RENAME CONSTRAINT articles_slug_check TO stories_slug_check',
    'TABLE stories RENAME CONSTRAINT stories_slug_check TO articles_slug_check',
  ],
  [
    'TABLE stories RENAME CONSTRAINT articles_premod_check TO stories_premod_check',
    'TABLE stories RENAME CONSTRAINT stories_premod_check TO articles_premod_check',
  ],
  [
    'TABLE stories RENAME CONSTRAINT articles_url_key TO stories_url_key',
    'TABLE stories RENAME CONSTRAINT stories_url_key TO articles_url_key',
  ],
  [
    'TABLE stories RENAME CONSTRAINT articles_external_id_key TO stories_external_id_key',
    'TABLE stories RENAME CONSTRAINT stories_external_id_key TO articles_external_id_key',
  ],
  [
    'INDEX articles_created_at_id RENAME TO stories_created_at_id',
    'INDEX stories_created_at_id RENAME TO articles_created_at_id',
  ],
  [
    'TRIGGER articles_url_default ON stories RENAME TO stories_url_default',
    'TRIGGER stories_url_default ON stories RENAME TO articles_url_default',
  ],
  [
    'TABLE comments RENAME COLUMN article_id TO story_id',
    'TABLE comments RENAME COLUMN story_id TO article_id',
  ],
  [
    'TABLE comments RENAME CONSTRAINT comments_article_id_fkey TO comments_story_id_fkey',
    'TABLE comments RENAME CONSTRAINT comments_story_id_fkey TO comments_article_id_fkey',
  ],
  [
    'INDEX comments_article_updated_idx RENAME TO comments_story_updated_idx',
    'INDEX comments_story_updated_idx RENAME TO comments_article_updated_idx',
  ],
  [
    'TABLE moderation_actions RENAME COLUMN article_id TO story_id',
    'TABLE moderation_actions RENAME COLUMN story_id TO article_id',
  ],
  [
    'TABLE moderation_actions RENAME CONSTRAINT moderation_actions_article_id_fkey TO moderation_actions_story_id_fkey',
    'TABLE moderation_actions RENAME CONSTRAINT moderation_actions_story_id_fkey TO moderation_actions_article_id_fkey',
  ],
  [
    'TABLE article_comment_counts RENAME TO story_comment_counts',
    'TABLE story_comment_counts RENAME TO article_comment_counts',
  ],
  [
    'TABLE story_comment_counts RENAME COLUMN article_id TO story_id',
    'TABLE story_comment_counts RENAME COLUMN story_id TO article_id',
  ],
  [
    'TABLE story_comment_counts RENAME CONSTRAINT article_comment_counts_pkey TO story_comment_counts_pkey',
    'TABLE story_comment_counts RENAME CONSTRAINT story_comment_counts_pkey TO article_comment_counts_pkey',
  ],
  [
    'TABLE story_comment_counts RENAME CONSTRAINT article_comment_counts_shard_check TO story_comment_counts_shard_check',
    'TABLE story_comment_counts RENAME CONSTRAINT story_comment_counts_shard_check TO article_comment_counts_shard_check',
  ],
  [
    'TABLE story_comment_counts RENAME CONSTRAINT article_comment_counts_article_id_fkey TO story_comment_counts_story_id_fkey',
    'TABLE story_comment_counts RENAME CONSTRAINT story_comment_counts_story_id_fkey TO article_comment_counts_article_id_fkey',
  ],
];

/** The counters' trigger function over the given names: the logic of 2026_11_30_0007 unchanged. */
function commentCounters(counts: string, column: string): string {
  return `CREATE OR REPLACE FUNCTION parley_comment_counters() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    old_status text := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.status END;
    new_status text := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.status END;
    visible_delta integer := (COALESCE(new_status IN ${VISIBLE}, false))::integer
                           - (COALESCE(old_status IN ${VISIBLE}, false))::integer;
    approved_delta integer := (COALESCE(new_status = 'approved', false))::integer
                            - (COALESCE(old_status = 'approved', false))::integer;
    rejected_delta integer := (COALESCE(new_status = 'rejected', false))::integer
                            - (COALESCE(old_status = 'rejected', false))::integer;
    row_story uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.${column} ELSE NEW.${column} END;
    row_parent uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.parent_id ELSE NEW.parent_id END;
    row_author uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.author_id ELSE NEW.author_id END;
  BEGIN
    IF visible_delta <> 0 THEN
      INSERT INTO ${counts} (${column}, shard, delta)
      VALUES (row_story, pg_backend_pid() % ${SHARDS}, visible_delta)
      ON CONFLICT (${column}, shard) DO UPDATE SET delta = ${counts}.delta + EXCLUDED.delta;
      IF row_parent IS NOT NULL THEN
        UPDATE comments SET reply_count = reply_count + visible_delta, updated_at = now() WHERE id = row_parent;
      END IF;
    END IF;
    IF approved_delta <> 0 OR rejected_delta <> 0 THEN
      UPDATE users SET approved_count = approved_count + approved_delta,
                       rejected_count = rejected_count + rejected_delta
       WHERE id = row_author;
    END IF;
    RETURN NULL;
  END $$`;
}

export async function up(db: Kysely<any>): Promise<void> {
  for (const [forward] of renames) await sql.raw(`ALTER ${forward}`).execute(db);
  await sql.raw(commentCounters('story_comment_counts', 'story_id')).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [, backward] of [...renames].reverse()) await sql.raw(`ALTER ${backward}`).execute(db);
  await sql.raw(commentCounters('article_comment_counts', 'article_id')).execute(db);
}
