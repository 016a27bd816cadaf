import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// One statement per `execute`, because PGlite's extended protocol takes one statement at a time.
//
// An address belongs to the account that confirmed it: only confirmed addresses are unique, so
// anyone may type an address without locking its owner out (issue 19). Confirming takes it from
// unconfirmed holders; the plain index serves that lookup.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX users_email_lower_key`.execute(db);
  await sql`CREATE UNIQUE INDEX users_confirmed_email_lower_key ON users (lower(email))
    WHERE email IS NOT NULL AND email_verified_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX users_email_lower_idx ON users (lower(email)) WHERE email IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Back to one holder per address: the confirmed one, else the oldest account; others lose it.
  await sql`UPDATE users u SET email = NULL, email_verified_at = NULL
    WHERE u.email IS NOT NULL AND u.email_verified_at IS NULL AND EXISTS (
      SELECT 1 FROM users o WHERE o.id <> u.id AND lower(o.email) = lower(u.email)
        AND (o.email_verified_at IS NOT NULL OR (o.created_at, o.id) < (u.created_at, u.id)))`.execute(db);
  await sql`DROP INDEX users_email_lower_idx`.execute(db);
  await sql`DROP INDEX users_confirmed_email_lower_key`.execute(db);
  await sql`CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email)) WHERE email IS NOT NULL`.execute(
    db,
  );
}
