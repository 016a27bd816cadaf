import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// One statement per `execute`, because PGlite's extended protocol takes one statement at a time.
//
// Local toxicity scoring (issue 25 item 1). On each comment: its score (0–1; null when it was not
// scored: no model, staff, or a miss), every label's probability as JSON, and whether its author
// posted it anyway after the nudge. On the site's settings: the thresholds, each null when off.
// `reject` is off by default; `warn` and `hold` only apply where a model is loaded.
// The index serves Unmoderated sorted by score, highest first (unscored last).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE comments ADD COLUMN toxicity_score real`.execute(db);
  await sql`ALTER TABLE comments ADD COLUMN toxicity_labels jsonb`.execute(db);
  await sql`ALTER TABLE comments ADD COLUMN posted_anyway boolean NOT NULL DEFAULT false`.execute(db);
  await sql`ALTER TABLE site_settings ADD COLUMN toxicity_warn real DEFAULT 0.8`.execute(db);
  await sql`ALTER TABLE site_settings ADD COLUMN toxicity_hold real DEFAULT 0.9`.execute(db);
  await sql`ALTER TABLE site_settings ADD COLUMN toxicity_reject real`.execute(db);
  await sql`
    CREATE INDEX comments_unmoderated_by_score ON comments
      ((coalesce(toxicity_score, -1)) DESC, created_at DESC, id DESC)
      WHERE status = 'published'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX comments_unmoderated_by_score`.execute(db);
  await sql`ALTER TABLE site_settings DROP COLUMN toxicity_reject`.execute(db);
  await sql`ALTER TABLE site_settings DROP COLUMN toxicity_hold`.execute(db);
  await sql`ALTER TABLE site_settings DROP COLUMN toxicity_warn`.execute(db);
  await sql`ALTER TABLE comments DROP COLUMN posted_anyway`.execute(db);
  await sql`ALTER TABLE comments DROP COLUMN toxicity_labels`.execute(db);
  await sql`ALTER TABLE comments DROP COLUMN toxicity_score`.execute(db);
  await sql`UPDATE comments SET flags = array_remove(flags, 'toxic')`.execute(db);
}
