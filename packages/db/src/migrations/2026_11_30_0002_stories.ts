import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// Articles become stories: each has the canonical URL of the page it belongs to (stored already
// normalized by the API, so a plain unique index is "unique when normalized") and an optional id
// from the host's CMS. `created_at` exists since the initial migration.
// Rows from before this migration (the seeded article, articles made by hand) get a placeholder URL
// under the reserved `.invalid` domain (RFC 2606), which names no real page and cannot clash with
// one; an admin sets the real URL in the Stories tab. The seed uses the same rule, and so does a
// trigger for rows inserted without a URL (scripts, benches and older tests that predate stories).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE articles ADD COLUMN url text`.execute(db);
  await sql`UPDATE articles SET url = 'https://parley.invalid/stories/' || slug`.execute(db);
  await sql`ALTER TABLE articles ALTER COLUMN url SET NOT NULL`.execute(db);
  await sql`ALTER TABLE articles ADD CONSTRAINT articles_url_key UNIQUE (url)`.execute(db);
  await sql`ALTER TABLE articles ADD COLUMN external_id text`.execute(db);
  await sql`ALTER TABLE articles ADD CONSTRAINT articles_external_id_key UNIQUE (external_id)`.execute(db);
  await sql`CREATE FUNCTION parley_story_url_default() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.url IS NULL THEN
      NEW.url := 'https://parley.invalid/stories/' || NEW.slug;
    END IF;
    RETURN NEW;
  END $$`.execute(db);
  await sql`CREATE TRIGGER articles_url_default BEFORE INSERT ON articles
    FOR EACH ROW EXECUTE FUNCTION parley_story_url_default()`.execute(db);
  // The admin list: newest first, keyset-paginated.
  await sql`CREATE INDEX articles_created_at_id ON articles (created_at DESC, id DESC)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX articles_created_at_id`.execute(db);
  await sql`DROP TRIGGER articles_url_default ON articles`.execute(db);
  await sql`DROP FUNCTION parley_story_url_default()`.execute(db);
  await sql`ALTER TABLE articles DROP COLUMN external_id`.execute(db);
  await sql`ALTER TABLE articles DROP COLUMN url`.execute(db);
}
