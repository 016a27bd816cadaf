import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// One statement per `execute`, because PGlite's extended protocol takes one statement at a time.
//
// The account page lists a reader's sessions and ends one by id (issue 23): a session gets an id
// that is not its token's hash, when it was last used (touched at most every few minutes) and a
// short summary of the browser that started it ("Firefox on Linux"), never the raw header.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE sessions ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid()`.execute(db);
  await sql`CREATE UNIQUE INDEX sessions_id_key ON sessions (id)`.execute(db);
  await sql`ALTER TABLE sessions ADD COLUMN last_seen_at timestamptz(3)`.execute(db);
  await sql`UPDATE sessions SET last_seen_at = created_at`.execute(db);
  await sql`ALTER TABLE sessions ALTER COLUMN last_seen_at SET DEFAULT now()`.execute(db);
  await sql`ALTER TABLE sessions ALTER COLUMN last_seen_at SET NOT NULL`.execute(db);
  await sql`ALTER TABLE sessions ADD COLUMN user_agent text CHECK (char_length(user_agent) <= 100)`.execute(
    db,
  );
  // A reader's own comments, newest first, by status (the account page's "my comments").
  await sql`CREATE INDEX comments_author_status_idx ON comments (author_id, status, created_at DESC, id DESC)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX comments_author_status_idx`.execute(db);
  await sql`ALTER TABLE sessions DROP COLUMN user_agent`.execute(db);
  await sql`ALTER TABLE sessions DROP COLUMN last_seen_at`.execute(db);
  await sql`DROP INDEX sessions_id_key`.execute(db);
  await sql`ALTER TABLE sessions DROP COLUMN id`.execute(db);
}
