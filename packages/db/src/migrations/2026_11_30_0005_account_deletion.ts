import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// When an account was deleted (by its owner or an admin). The row stays so that others' replies keep
// their thread and the audit log its actors; the username is freed 30 days later by an outbox job.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN deleted_at timestamptz(3)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users DROP COLUMN deleted_at`.execute(db);
}
