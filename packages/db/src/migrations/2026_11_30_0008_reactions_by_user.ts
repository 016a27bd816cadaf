import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// Reactions by user: the primary key leads with the comment, so a user's own reactions (the "my
// data" export, account deletion, the cascade when a user row goes, a signed-in reader's likes on
// a page) were found by reading the whole table.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX reactions_user_idx ON reactions (user_id, comment_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX reactions_user_idx`.execute(db);
}
