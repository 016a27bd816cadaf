import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// One statement per `execute`, because PGlite's extended protocol takes one statement at a time.
//
// Moderators' search, newest first (issue 21): with no index on (created_at, id) over every status,
// a common word's search read all its matches (50,000 at 1,000,000 comments) and sorted them to keep
// 20. Walking this index stops after the first 20 matches instead; a rare text still goes through the
// text index (comment-search.repository.ts chooses). One more btree entry per post.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX comments_newest_idx ON comments (created_at DESC, id DESC)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX comments_newest_idx`.execute(db);
}
