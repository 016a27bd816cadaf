import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// One statement per `execute`, because PGlite's extended protocol takes one statement at a time.
//
// Imports publish hundreds of thousands of comments in one statement. Per row, the counter trigger
// then updated the parent's row (a new version of it in every index, the text index included), a
// counter shard and the author: most of the time an import took. A transaction that keeps the
// counters itself, set-based, says so with `SET LOCAL parley.bulk_counters = 'on'`, and the counter
// trigger's WHEN skips its rows (not even queued). Every other writer is as before: the setting is
// unset (NULL) in their sessions, and `SET LOCAL` ends with the transaction that made it.
//
// The first-listed trigger gets a WHEN with exactly the test its body makes, so rows it would not
// change (all but a new visible comment without a time) no longer call the function.
//
// The staging table becomes UNLOGGED: its rows are written once and read once, and writing them to
// the WAL as well cost as much as the rows themselves. After a Postgres crash it comes back empty,
// which an import survives: its comments are not in `comments` yet, so running it again stages
// them again.

const VISIBLE = `('published', 'approved')`;

const statements = [
  `ALTER TABLE import_staged_comments SET UNLOGGED`,
  `DROP TRIGGER comments_counters ON comments`,
  `CREATE TRIGGER comments_counters AFTER INSERT OR DELETE OR UPDATE OF status ON comments
     FOR EACH ROW WHEN (current_setting('parley.bulk_counters', true) IS DISTINCT FROM 'on')
     EXECUTE FUNCTION parley_comment_counters()`,
  `DROP TRIGGER comments_first_listed ON comments`,
  `CREATE TRIGGER comments_first_listed BEFORE INSERT OR UPDATE OF status ON comments
     FOR EACH ROW WHEN (NEW.first_listed_at IS NULL AND NEW.status IN ${VISIBLE})
     EXECUTE FUNCTION parley_first_listed()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `DROP TRIGGER comments_first_listed ON comments`,
    `CREATE TRIGGER comments_first_listed BEFORE INSERT OR UPDATE OF status ON comments
       FOR EACH ROW EXECUTE FUNCTION parley_first_listed()`,
    `DROP TRIGGER comments_counters ON comments`,
    `CREATE TRIGGER comments_counters AFTER INSERT OR DELETE OR UPDATE OF status ON comments
       FOR EACH ROW EXECUTE FUNCTION parley_comment_counters()`,
    `ALTER TABLE import_staged_comments SET LOGGED`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}
