import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// Single sign-on: a user may be linked to the host site's account id (`sso_subject`, the JWT's `sub`).
// Such users sign in only through SSO, so they have no password: password_hash becomes nullable, but a
// user always has one of the two. SSO tokens' `jti`s are remembered until they expire, so none is used twice.
// One statement per `execute` (PGlite).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN sso_subject text UNIQUE CHECK (char_length(sso_subject) BETWEEN 1 AND 255)`.execute(
    db,
  );
  await sql`ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL`.execute(db);
  await sql`ALTER TABLE users ADD CONSTRAINT users_password_or_sso CHECK (password_hash IS NOT NULL OR sso_subject IS NOT NULL)`.execute(
    db,
  );
  await sql`CREATE TABLE sso_used_tokens (
    jti text PRIMARY KEY,
    expires_at timestamptz(3) NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX sso_used_tokens_expires_at_idx ON sso_used_tokens (expires_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE sso_used_tokens`.execute(db);
  // Passwordless SSO users cannot survive the NOT NULL; going down removes them (tests and reset only).
  await sql`DELETE FROM users WHERE password_hash IS NULL`.execute(db);
  await sql`ALTER TABLE users DROP CONSTRAINT users_password_or_sso`.execute(db);
  await sql`ALTER TABLE users ALTER COLUMN password_hash SET NOT NULL`.execute(db);
  await sql`ALTER TABLE users DROP COLUMN sso_subject`.execute(db);
}
