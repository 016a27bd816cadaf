import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// One statement per `execute`, because PGlite's extended protocol takes one statement at a time.
//
// What the external moderation hook said about a comment (issue 25 item 2), kept with its flags so
// moderators see it on the card: its reason, and its labels as JSON. The `hook` flag itself needs
// nothing here (flags are text[]).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE comments ADD COLUMN hook_reason text`.execute(db);
  await sql`ALTER TABLE comments ADD COLUMN hook_labels jsonb`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE comments DROP COLUMN hook_labels`.execute(db);
  await sql`ALTER TABLE comments DROP COLUMN hook_reason`.execute(db);
  await sql`UPDATE comments SET flags = array_remove(flags, 'hook')`.execute(db);
}
