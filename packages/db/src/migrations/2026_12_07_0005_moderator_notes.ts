import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// One statement per `execute`, because PGlite's extended protocol takes one statement at a time.
//
// Moderators' notes about a person (issue 21): the newsroom's records, staff-only, never in the
// person's own export. A note stays when its author's account goes (the author reads as unknown);
// the person's account is only ever soft-deleted, so their notes stay with it.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE moderator_notes (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    author_id uuid REFERENCES users (id) ON DELETE SET NULL,
    body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
    created_at timestamptz(3) NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX moderator_notes_user_idx ON moderator_notes (user_id, created_at DESC, id DESC)`.execute(
    db,
  );
  // The drawer's sanction history and its report counts read by person.
  await sql`CREATE INDEX moderation_actions_user_idx ON moderation_actions (user_id, created_at DESC, id DESC)
    WHERE user_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX reports_reporter_idx ON reports (reporter_id)`.execute(db);
  // Their comments newest first, keyset-paged on (created_at, id).
  await sql`CREATE INDEX comments_author_newest_idx ON comments (author_id, created_at DESC, id DESC)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX comments_author_newest_idx`.execute(db);
  await sql`DROP INDEX reports_reporter_idx`.execute(db);
  await sql`DROP INDEX moderation_actions_user_idx`.execute(db);
  await sql`DROP TABLE moderator_notes`.execute(db);
}
