import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// One statement per `execute`, because PGlite's extended protocol takes one statement at a time.
//
// Edit history (issue 21 item 1): every edit keeps the text it replaced, written in the edit's own
// transaction. Staff read it; readers never do. The rows go with their comment (cascade) and are
// erased when the comment's text is (the author's delete, account deletion).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE comment_revisions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    comment_id uuid NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    body text NOT NULL,
    edited_at timestamptz(3) NOT NULL,
    edited_by uuid REFERENCES users (id) ON DELETE SET NULL
  )`.execute(db);
  // A comment's history in order, and its count for the queue cards.
  await sql`CREATE INDEX comment_revisions_comment_idx ON comment_revisions (comment_id, edited_at, id)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE comment_revisions`.execute(db);
}
