import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code, never edited once landed.
// One statement per `execute`, because PGlite's extended protocol takes one statement at a time.
// Accounts get an optional email (verified by a link); readers get notifications about replies and
// moderators' decisions, with per-kind preferences. Notifications are written in the transaction
// that makes their comment visible; the unique key makes a retried transaction harmless.

const statements = [
  `ALTER TABLE users ADD COLUMN email text CHECK (email IS NULL OR char_length(email) BETWEEN 3 AND 254)`,
  `ALTER TABLE users ADD COLUMN email_verified_at timestamptz(3)`,
  `CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email)) WHERE email IS NOT NULL`,

  // sha256 of the emailed token; the email it proves, so a later change voids older links.
  `CREATE TABLE email_verification_tokens (
    token_hash text PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email text NOT NULL,
    created_at timestamptz(3) NOT NULL DEFAULT now(),
    expires_at timestamptz(3) NOT NULL,
    used_at timestamptz(3)
  )`,
  `CREATE INDEX email_verification_tokens_user_idx ON email_verification_tokens (user_id)`,

  // One row per user once they change anything; absent means the defaults.
  `CREATE TABLE notification_settings (
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    reply text NOT NULL DEFAULT 'email' CHECK (reply IN ('off', 'in_app', 'email')),
    staff_reply text NOT NULL DEFAULT 'email' CHECK (staff_reply IN ('off', 'in_app', 'email')),
    decision text NOT NULL DEFAULT 'email' CHECK (decision IN ('off', 'in_app', 'email')),
    delivery text NOT NULL DEFAULT 'immediate' CHECK (delivery IN ('immediate', 'hourly', 'daily')),
    digest_hour smallint NOT NULL DEFAULT 8 CHECK (digest_hour BETWEEN 0 AND 23),
    updated_at timestamptz(3) NOT NULL DEFAULT now()
  )`,

  `CREATE TABLE notifications (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('reply', 'staff_reply', 'decision')),
    comment_id uuid NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
    decision text NOT NULL DEFAULT '' CHECK (decision IN ('', 'approved', 'rejected', 'featured')),
    by_email boolean NOT NULL DEFAULT false,
    emailed_at timestamptz(3),
    created_at timestamptz(3) NOT NULL DEFAULT now(),
    read_at timestamptz(3),
    CHECK ((kind = 'decision') = (decision <> ''))
  )`,
  // A retried transaction finds its notification already there. A decision is keyed by what was
  // decided too, so "approved" and later "featured" are two notifications.
  `CREATE UNIQUE INDEX notifications_once_key ON notifications (user_id, kind, comment_id, decision)`,
  `CREATE INDEX notifications_user_page_idx ON notifications (user_id, created_at DESC, id DESC)`,
  `CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL`,
  // Digests collect what is owed by email and not yet sent.
  `CREATE INDEX notifications_digest_idx ON notifications (user_id, created_at) WHERE by_email AND emailed_at IS NULL`,

  // Signs unsubscribe links; created by the first node that boots, so every node shares it.
  `ALTER TABLE site_settings ADD COLUMN mail_secret text`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE site_settings DROP COLUMN mail_secret`.execute(db);
  await sql`DROP TABLE notifications`.execute(db);
  await sql`DROP TABLE notification_settings`.execute(db);
  await sql`DROP TABLE email_verification_tokens`.execute(db);
  await sql`DROP INDEX users_email_lower_key`.execute(db);
  await sql`ALTER TABLE users DROP COLUMN email_verified_at`.execute(db);
  await sql`ALTER TABLE users DROP COLUMN email`.execute(db);
}
