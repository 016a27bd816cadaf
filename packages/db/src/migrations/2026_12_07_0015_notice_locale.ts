import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// One statement per `execute`, because PGlite's extended protocol takes one statement at a time.
//
// The language of the request that filed a notice of illegal content (issue 22): a notifier without
// an account has no saved language, so the acknowledgement, the decision and an appeal's outcome
// go to them in the language they filed in. Null for notices filed before this column.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE dsa_notices ADD COLUMN locale text`.execute(db);
  await sql`
    ALTER TABLE dsa_notices ADD CONSTRAINT dsa_notices_locale_supported
      CHECK (locale IN ('en', 'ru', 'uk', 'sr-Latn', 'sr-Cyrl', 'de', 'fr', 'es', 'ar'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE dsa_notices DROP CONSTRAINT dsa_notices_locale_supported`.execute(db);
  await sql`ALTER TABLE dsa_notices DROP COLUMN locale`.execute(db);
}
