import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// Whether a report counts toward holding its comment: only reports from accounts in good standing
// (old enough, or with a visible comment) do, so a handful of fresh accounts cannot hide a comment.
// Every report is still stored and shown to moderators. Reports filed before this counted, and still do.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE reports ADD COLUMN counts_toward_hold boolean NOT NULL DEFAULT true`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE reports DROP COLUMN counts_toward_hold`.execute(db);
}
