import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// One statement per `execute`, because PGlite's extended protocol takes one statement at a time.
//
// The reader's saved language (issue 22): null until they choose one on the account page; mail
// and the full site use it. The check lists the locales Parley speaks at this point in history; a
// locale added later widens it in a migration of its own.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN locale text`.execute(db);
  await sql`
    ALTER TABLE users ADD CONSTRAINT users_locale_supported
      CHECK (locale IN ('en', 'ru', 'uk', 'sr-Latn', 'sr-Cyrl', 'de', 'fr', 'es', 'ar'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users DROP CONSTRAINT users_locale_supported`.execute(db);
  await sql`ALTER TABLE users DROP COLUMN locale`.execute(db);
}
