import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// One statement per `execute`, because PGlite's extended protocol takes one statement at a time.
//
// Claiming imported comments (issue 20): a reader who confirms the address an imported account had
// in its source may take that account's comments. The address an account holds (`email`) is lost
// when a reader confirms it (confirming takes it from unconfirmed holders), so the import record
// keeps its own copy, `import_email`. A claimed account is retired: `claimed_by` names the reader.

const statements = [
  `ALTER TABLE users ADD COLUMN import_email text`,
  `ALTER TABLE users ADD COLUMN claimed_by uuid REFERENCES users (id) ON DELETE SET NULL`,
  `ALTER TABLE users ADD COLUMN claimed_at timestamptz(3)`,
  // Imported accounts nobody can sign in to keep the address they still hold.
  `UPDATE users SET import_email = email
     WHERE import_source IS NOT NULL AND password_hash IS NULL AND sso_subject IS NULL AND email IS NOT NULL`,
  `CREATE INDEX users_import_email_idx ON users (lower(import_email))
     WHERE import_email IS NOT NULL AND claimed_at IS NULL`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`DROP INDEX users_import_email_idx`).execute(db);
  await sql.raw(`ALTER TABLE users DROP COLUMN claimed_at`).execute(db);
  await sql.raw(`ALTER TABLE users DROP COLUMN claimed_by`).execute(db);
  await sql.raw(`ALTER TABLE users DROP COLUMN import_email`).execute(db);
}
