import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration never imports application code and is never edited once landed.
// One statement per `execute`, because PGlite's extended protocol takes one statement at a time.

const VISIBLE = `('published', 'approved')`;

const statements = [
  // When readers first could see the comment; null while it never was (held or refused at once).
  // Catch-up names only such comments as removed: the others no reader ever had.
  `ALTER TABLE comments ADD COLUMN first_listed_at timestamptz(3)`,
  // Existing comments: visible now, or not held by the pipeline in the transaction that stored
  // them (its log entry shares the comment's created_at), or later made visible by a moderator.
  `UPDATE comments c SET first_listed_at = CASE
     WHEN c.status IN ${VISIBLE} OR NOT EXISTS (
       SELECT 1 FROM moderation_actions a
        WHERE a.comment_id = c.id AND a.action IN ('auto_hold', 'auto_reject') AND a.created_at = c.created_at
     ) THEN c.created_at
     ELSE (SELECT min(a.created_at) FROM moderation_actions a
            WHERE a.comment_id = c.id AND a.details ->> 'to' IN ${VISIBLE})
   END`,
  // Kept by a trigger, like the counters, so that no path to visibility can forget it.
  `CREATE FUNCTION parley_first_listed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.first_listed_at IS NULL AND NEW.status IN ${VISIBLE} THEN
      NEW.first_listed_at := now();
    END IF;
    RETURN NEW;
  END $$`,
  `CREATE TRIGGER comments_first_listed BEFORE INSERT OR UPDATE OF status ON comments
     FOR EACH ROW EXECUTE FUNCTION parley_first_listed()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`DROP TRIGGER IF EXISTS comments_first_listed ON comments`).execute(db);
  await sql.raw(`DROP FUNCTION IF EXISTS parley_first_listed()`).execute(db);
  await sql.raw(`ALTER TABLE comments DROP COLUMN IF EXISTS first_listed_at`).execute(db);
}
