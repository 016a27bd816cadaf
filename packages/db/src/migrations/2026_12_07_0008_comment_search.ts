import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// One statement per `execute`, because PGlite's extended protocol takes one statement at a time.
//
// Moderators' search over comment text (issue 21 item 3). An expression index rather than a stored
// tsvector column: the row stays as it was, and `simple` (no stemming, no stop words) finds Russian,
// Serbian in both scripts and English alike. GIN's pending list (fastupdate, on by default) batches
// the index's own writes, so a post pays little for it; measured in the branch's report. Queries
// must say `to_tsvector('simple', body)` exactly for the planner to use it.
//
// Author names and story titles are searched through small indexes of their own, so a match on
// either can be OR-ed with the text match by a bitmap scan.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX comments_body_search_idx ON comments USING gin (to_tsvector('simple', body))`.execute(
    db,
  );
  await sql`CREATE INDEX users_name_search_idx ON users
    USING gin (to_tsvector('simple', username || ' ' || display_name))`.execute(db);
  await sql`CREATE INDEX stories_title_search_idx ON stories USING gin (to_tsvector('simple', title))`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX stories_title_search_idx`.execute(db);
  await sql`DROP INDEX users_name_search_idx`.execute(db);
  await sql`DROP INDEX comments_body_search_idx`.execute(db);
}
