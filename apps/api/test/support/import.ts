import { fileURLToPath } from 'node:url';
import { sql, type DB, type Kysely } from '@parley/db';

/** The import fixtures: small exports written for the tests (test/fixtures/import/). */
export const FIXTURES = fileURLToPath(new URL('../fixtures/import/', import.meta.url));

/** Every row an import could write, counted: "unchanged" means these are equal. */
export async function census(db: Kysely<DB>): Promise<Record<string, number>> {
  const { rows } = await sql<Record<string, string>>`SELECT
      (SELECT count(*) FROM comments) AS comments, (SELECT count(*) FROM users) AS users,
      (SELECT count(*) FROM stories) AS stories, (SELECT count(*) FROM moderation_actions) AS actions,
      (SELECT count(*) FROM import_staged_comments) AS staged`.execute(db);
  return Object.fromEntries(Object.entries(rows[0]!).map(([key, value]) => [key, Number(value)]));
}
