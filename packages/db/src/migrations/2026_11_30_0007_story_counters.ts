import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// One statement per `execute`, because PGlite's extended protocol takes one statement at a time.
//
// A story's comment count leaves the articles row. The trigger used to update that row on every
// post, so every author of one story queued on its row lock until the poster's commit. Now each
// change adds its delta to one of SHARDS rows chosen by the backend that makes it: concurrent
// transactions use different connections, hence (almost always) different rows, and nothing waits.
// The count is articles.comment_count (a base, set by recounts and bulk loads) plus the shards' sum.

const VISIBLE = `('published', 'approved')`;
const SHARDS = 64;

const statements = [
  `CREATE TABLE article_comment_counts (
    article_id uuid NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    shard smallint NOT NULL CHECK (shard >= 0 AND shard < ${SHARDS}),
    delta integer NOT NULL,
    PRIMARY KEY (article_id, shard)
  )`,
  // Same counters as before, but the story's count goes to a shard row instead of the articles row.
  `CREATE OR REPLACE FUNCTION parley_comment_counters() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    old_status text := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.status END;
    new_status text := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.status END;
    visible_delta integer := (COALESCE(new_status IN ${VISIBLE}, false))::integer
                           - (COALESCE(old_status IN ${VISIBLE}, false))::integer;
    approved_delta integer := (COALESCE(new_status = 'approved', false))::integer
                            - (COALESCE(old_status = 'approved', false))::integer;
    rejected_delta integer := (COALESCE(new_status = 'rejected', false))::integer
                            - (COALESCE(old_status = 'rejected', false))::integer;
    row_article uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.article_id ELSE NEW.article_id END;
    row_parent uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.parent_id ELSE NEW.parent_id END;
    row_author uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.author_id ELSE NEW.author_id END;
  BEGIN
    IF visible_delta <> 0 THEN
      INSERT INTO article_comment_counts (article_id, shard, delta)
      VALUES (row_article, pg_backend_pid() % ${SHARDS}, visible_delta)
      ON CONFLICT (article_id, shard) DO UPDATE SET delta = article_comment_counts.delta + EXCLUDED.delta;
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
  END $$`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  // Fold the shards back into the base, then restore the trigger that updates the articles row.
  await sql
    .raw(
      `UPDATE articles a SET comment_count = a.comment_count + s.delta
         FROM (SELECT article_id, sum(delta)::int AS delta FROM article_comment_counts GROUP BY article_id) s
        WHERE a.id = s.article_id`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION parley_comment_counters() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    old_status text := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.status END;
    new_status text := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.status END;
    visible_delta integer := (COALESCE(new_status IN ${VISIBLE}, false))::integer
                           - (COALESCE(old_status IN ${VISIBLE}, false))::integer;
    approved_delta integer := (COALESCE(new_status = 'approved', false))::integer
                            - (COALESCE(old_status = 'approved', false))::integer;
    rejected_delta integer := (COALESCE(new_status = 'rejected', false))::integer
                            - (COALESCE(old_status = 'rejected', false))::integer;
    row_article uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.article_id ELSE NEW.article_id END;
    row_parent uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.parent_id ELSE NEW.parent_id END;
    row_author uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.author_id ELSE NEW.author_id END;
  BEGIN
    IF visible_delta <> 0 THEN
      UPDATE articles SET comment_count = comment_count + visible_delta WHERE id = row_article;
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
  END $$`,
    )
    .execute(db);
  await sql.raw(`DROP TABLE IF EXISTS article_comment_counts`).execute(db);
}
