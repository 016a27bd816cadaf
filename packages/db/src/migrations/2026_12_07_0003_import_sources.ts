import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// One statement per `execute`, because PGlite's extended protocol takes one statement at a time.
//
// Imports (Disqus, WordPress): every imported row remembers where it came from (`import_source`,
// e.g. 'disqus', and the id it had there), uniquely, so running an import again adds nothing.
// Imported authors are accounts nobody can sign in to (no password, no SSO subject).
// An import first stages its comments (committed in batches, so a stopped run resumes), then moves
// them into `comments` in one transaction: readers never see half an import.

const statements = [
  `ALTER TABLE users ADD COLUMN import_source text`,
  `ALTER TABLE users ADD COLUMN import_key text`,
  `ALTER TABLE users ADD CONSTRAINT users_import_key UNIQUE (import_source, import_key)`,
  `ALTER TABLE users ADD CONSTRAINT users_import_both CHECK ((import_source IS NULL) = (import_key IS NULL))`,
  `ALTER TABLE users DROP CONSTRAINT users_password_or_sso`,
  `ALTER TABLE users ADD CONSTRAINT users_password_or_sso
     CHECK (password_hash IS NOT NULL OR sso_subject IS NOT NULL OR import_source IS NOT NULL)`,

  `ALTER TABLE stories ADD COLUMN import_source text`,
  `ALTER TABLE stories ADD COLUMN import_id text`,
  `ALTER TABLE stories ADD CONSTRAINT stories_import_id UNIQUE (import_source, import_id)`,

  `ALTER TABLE comments ADD COLUMN import_source text`,
  `ALTER TABLE comments ADD COLUMN import_id text`,
  `ALTER TABLE comments ADD CONSTRAINT comments_import_id UNIQUE (import_source, import_id)`,

  `CREATE TABLE import_staged_comments (
    import_source text NOT NULL,
    import_id text NOT NULL,
    id uuid NOT NULL,
    story_id uuid NOT NULL,
    parent_id uuid,
    root_id uuid NOT NULL,
    depth integer NOT NULL,
    author_id uuid NOT NULL,
    body text NOT NULL,
    status text NOT NULL,
    reject_reason text,
    created_at timestamptz(3) NOT NULL,
    PRIMARY KEY (import_source, import_id)
  )`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`DROP TABLE import_staged_comments`).execute(db);
  await sql.raw(`ALTER TABLE comments DROP COLUMN import_id`).execute(db);
  await sql.raw(`ALTER TABLE comments DROP COLUMN import_source`).execute(db);
  await sql.raw(`ALTER TABLE stories DROP COLUMN import_id`).execute(db);
  await sql.raw(`ALTER TABLE stories DROP COLUMN import_source`).execute(db);
  // Imported accounts cannot survive the old check; going down removes them (tests and reset only).
  await sql.raw(`DELETE FROM users WHERE password_hash IS NULL AND sso_subject IS NULL`).execute(db);
  await sql.raw(`ALTER TABLE users DROP CONSTRAINT users_password_or_sso`).execute(db);
  await sql
    .raw(
      `ALTER TABLE users ADD CONSTRAINT users_password_or_sso CHECK (password_hash IS NOT NULL OR sso_subject IS NOT NULL)`,
    )
    .execute(db);
  await sql.raw(`ALTER TABLE users DROP COLUMN import_key`).execute(db);
  await sql.raw(`ALTER TABLE users DROP COLUMN import_source`).execute(db);
}
